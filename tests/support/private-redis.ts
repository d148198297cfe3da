import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';

/**
 * A redis-server of the test's own (never the shared one, which must not be stopped), so a
 * test can take Redis away and bring it back. Nothing is persisted.
 */
export interface PrivateRedis {
  url: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

export function privateRedis(port: number): PrivateRedis {
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    start: async () => {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        for (let i = 0; i < 50; i += 1) {
          try {
            await probe.connect();
            await probe.ping();
            return;
          } catch {
            probe.disconnect();
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        throw new Error(`redis-server on ${port} did not start`);
      } finally {
        probe.disconnect();
      }
    },
    stop: async () => {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}
