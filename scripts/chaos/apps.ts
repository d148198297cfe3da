import { type ChildProcess, spawn } from 'node:child_process';
import { type WriteStream, createWriteStream } from 'node:fs';
import path from 'node:path';

/**
 * One Hallboard process of the chaos run: the built app as `npm start` runs it once the pages
 * are built (server/main.ts in production mode), on its own port, its output kept in a log
 * file of the run. Killed with SIGKILL by the run and started again on the same port.
 */
export class HallboardProcess {
  private child: ChildProcess | null = null;
  private readonly log: WriteStream;
  private expectedExit = false;
  /** Exits the run did not cause (a crash): each is counted and the process started again. */
  unexpectedExits = 0;
  onUnexpectedExit: (() => void) | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly root: string,
    private readonly env: Record<string, string>,
    logDir: string,
  ) {
    this.log = createWriteStream(path.join(logDir, `hallboard-${name}.log`));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process; resolves once /readyz answers 200, with the time that took. */
  async start(timeoutMs = 300_000): Promise<number> {
    if (this.child) throw new Error(`${this.name} is running`);
    const began = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(this.root, 'server/main.ts')], {
      cwd: this.root,
      env: {
        ...process.env,
        ...this.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(this.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.expectedExit = false;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.log.write(`\n[chaos] ${this.name} exited (code ${code}, signal ${signal})\n`);
      if (this.child === child) this.child = null;
      if (!this.expectedExit) {
        this.unexpectedExits += 1;
        this.onUnexpectedExit?.();
      }
    });
    const deadline = began + timeoutMs;
    while (performance.now() < deadline) {
      if (this.child !== child) throw new Error(`${this.name} exited while starting (see hallboard-${this.name}.log)`);
      if ((await probe(`${this.url}/readyz`, 1_000)).status === 200) return performance.now() - began;
      await sleep(100);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms`);
  }

  /** SIGKILL: no drain, no goodbye; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectedExit = true;
    this.log.write(`\n[chaos] SIGKILL ${this.name}\n`);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM at the end of the run, SIGKILL if it does not drain in 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectedExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills at once without waiting (the run's exit path on SIGINT). */
  killNow(): void {
    this.expectedExit = true;
    this.child?.kill('SIGKILL');
  }

  note(line: string): void {
    this.log.write(`[chaos] ${line}\n`);
  }
}

export interface ProbeResult {
  status: number;
  ms: number;
  body?: string;
}

/** One GET with a client-side bound; status 0 for a refused connection or a timeout. */
export async function probe(url: string, timeoutMs: number): Promise<ProbeResult> {
  const began = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - began, body };
  } catch {
    return { status: 0, ms: performance.now() - began };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
