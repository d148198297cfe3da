import { afterAll, beforeAll } from 'vitest';
import type { DbHandle } from '../../db/client';
import type { Clock } from '../../server/domain/clock';
import { type TestDriver, openTestDb } from './db';
import { type RealtimeTestServer, startRealtimeServer } from './realtime-server';
import { type TestServer, startTestServer } from './server';

/**
 * Stands for an object that exists only once the hooks have run: every property read is
 * passed to it, so the caller can destructure at the top of a file and use the names in
 * its tests as if they were the objects themselves.
 */
function whenStarted<T extends object>(current: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      const target = current();
      if (!target) throw new Error(`${what} is opened in beforeAll: read it inside a test or a hook`);
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function withServer<S extends { close: () => Promise<void> }>(driver: TestDriver | undefined, start: (handle: DbHandle) => Promise<S>) {
  let handle: DbHandle | undefined;
  let server: S | undefined;
  beforeAll(async () => {
    handle = await openTestDb(driver);
    server = await start(handle);
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
  });
  return { handle: whenStarted(() => handle, 'the test database'), server: whenStarted(() => server, 'the test server') };
}

/**
 * A fresh database and the HTTP API on it for the tests of this file (or describe block):
 * opened before them, closed after them. Call it at the top level of the file or block.
 */
export function withHallServer(
  options: { driver?: TestDriver; clock?: Clock } & Parameters<typeof startTestServer>[2] = {},
): { handle: DbHandle; server: TestServer } {
  const { driver, clock, ...serverOptions } = options;
  return withServer(driver, (handle) => startTestServer(handle.db, clock, serverOptions));
}

/** The same with Socket.IO attached to the server (startRealtimeServer's options). */
export function withRealtimeServer(
  options: { driver?: TestDriver } & Parameters<typeof startRealtimeServer>[1] = {},
): { handle: DbHandle; server: RealtimeTestServer } {
  const { driver, ...serverOptions } = options;
  return withServer(driver, (handle) => startRealtimeServer(handle.db, serverOptions));
}
