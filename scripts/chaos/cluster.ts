import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * The chaos run's own PostgreSQL cluster and Redis, on ports of their own: created here,
 * stopped and faulted by the run, removed at the end. The shared cluster on 5432 is never
 * touched, so a fault here cannot reach anybody else's tests.
 */

const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

const run = promisify(execFile);

function command(tool: string, args: string[]): [string, string[]] {
  const file = path.join(pgBin, tool);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

/**
 * Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root), without
 * blocking: the run's sockets and load go on recording while the server stops and starts.
 */
async function asPostgres(tool: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [cmd, argv] = command(tool, args);
  return (await run(cmd, argv, { encoding: 'utf8', timeout: timeoutMs })).stdout;
}

/** The blocking form, for the exit path only (a signal handler cannot wait). */
function asPostgresNow(tool: string, args: string[]): void {
  const [cmd, argv] = command(tool, args);
  execFileSync(cmd, argv, { timeout: 60_000, stdio: 'ignore' });
}

/** The application_name of the run's own connections, which the backend kills spare. */
export const chaosApplicationName = 'hb-chaos';

export class PgCluster {
  readonly dir: string;
  private readonly dataDir: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'hb-chaos-pg-'));
    this.dataDir = path.join(this.dir, 'data');
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async init(): Promise<void> {
    if (typeof process.getuid === 'function' && process.getuid() === 0) chownSync(this.dir, uidOf('postgres'), gidOf('postgres'));
    await asPostgres('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  }

  /** Starts the server and waits until it accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=200`;
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  /** A fast shutdown: every connection is dropped at once, as when the server goes away. */
  async stop(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }


  async createDatabase(name: string): Promise<void> {
    const sql = postgres(this.adminUrl, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`create database ${name}`);
    } finally {
      await sql.end();
    }
  }

  /** pg_terminate_backend on every connection of the app (not the run's own); the number killed. */
  async terminateBackends(database: string): Promise<number> {
    const sql = postgres(this.adminUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = ${database} and pid <> pg_backend_pid() and application_name <> ${chaosApplicationName}`;
      return rows.filter((r) => r.killed === true).length;
    } finally {
      await sql.end();
    }
  }

  /** Stops the server if it runs and removes the cluster's folder; safe to call twice. */
  destroy(): void {
    try {
      asPostgresNow('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running (never started, or stopped by a fault).
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

/** A Redis of the run's own: no persistence, so a restart is an empty Redis, as after a crash. */
export class RedisServer {
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start in 10 s')), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
