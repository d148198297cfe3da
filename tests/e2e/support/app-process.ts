import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type Db, openDb } from '../../../db/client';

/**
 * A whole Hallboard process of a test's own on its own port and its own fresh database,
 * seeded with the demo halls: for a test that stops and starts the server, or needs a hall
 * nobody else touches. The database follows HB_TEST_DB like the rest of the suite.
 *
 * It runs what `scripts/start.mjs` runs once the pages are built (server/main.ts in
 * production mode), without start.mjs's build step: the config's web server has built the
 * pages already, and a rebuild here would replace them under the shared server mid-run.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];

  private constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly database: { url: string; drop: () => Promise<void> } | { dataDir: string },
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * `demo: false` starts as a real district would (no demo halls, no known password), with
   * `bootstrapAdmin` as BOOTSTRAP_ADMIN_USERNAME/PASSWORD; `database: 'postgres'` ignores
   * HB_TEST_DB for a spec that must run on PostgreSQL, the way a district runs Hallboard.
   */
  static async create(
    options: {
      env?: Record<string, string>;
      demo?: boolean;
      bootstrapAdmin?: { username: string; password: string };
      database?: 'postgres' | 'suite';
    } = {},
  ): Promise<AppProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_MODE: options.demo === false ? '0' : '1',
    };
    delete env.BOOTSTRAP_ADMIN_USERNAME;
    delete env.BOOTSTRAP_ADMIN_PASSWORD;
    if (options.bootstrapAdmin) {
      env.BOOTSTRAP_ADMIN_USERNAME = options.bootstrapAdmin.username;
      env.BOOTSTRAP_ADMIN_PASSWORD = options.bootstrapAdmin.password;
    }
    if (process.env.HB_TEST_DB === 'pglite' && options.database !== 'postgres') {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'hb-e2e-own-'));
      delete env.DATABASE_URL;
      env.DATA_DIR = dataDir;
      return new AppProcess(port, env, { dataDir });
    }
    const adminUrl = process.env.HB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `hb_e2e_own_${randomBytes(6).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    delete env.DATA_DIR;
    const drop = async () => {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
    return new AppProcess(port, env, { url: url.toString(), drop });
  }

  /** Starts the process and waits until it answers /readyz. */
  async start(timeoutMs = 120_000): Promise<void> {
    if (this.child) throw new Error('already running');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${this.log()}`);
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the app did not become ready in ${timeoutMs} ms:\n${this.log()}`);
  }

  /** SIGTERM, as an operator's restart sends it; resolves when the process has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  /**
   * Works on the app's database directly while the app is stopped (PGlite's folder may
   * be opened by one process at a time).
   */
  async withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
    if (this.child) throw new Error('stop the app first');
    const handle =
      'dataDir' in this.database ? await openDb({ dataDir: this.database.dataDir }) : await openDb({ url: this.database.url, poolSize: 2 });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    if ('dataDir' in this.database) rmSync(this.database.dataDir, { recursive: true, force: true });
    else await this.database.drop().catch(() => undefined);
  }

  log(): string {
    return this.output.join('');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
