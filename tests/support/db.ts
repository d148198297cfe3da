import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DbHandle, openDb } from '../../db/client';

export type TestDriver = 'postgres' | 'pglite';

/** Which database the integration suite runs on: `HB_TEST_DB=postgres|pglite` (default postgres). */
export const testDriver: TestDriver = process.env.HB_TEST_DB === 'pglite' ? 'pglite' : 'postgres';
export const adminUrl = process.env.HB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh database for one test file: its own PostgreSQL database (created and
 * dropped here) or its own in-memory PGlite. Never shared between files.
 */
export async function openTestDb(
  driver: TestDriver = testDriver,
  poolSize?: number,
): Promise<DbHandle & { url: string | null }> {
  if (driver === 'pglite') return { ...(await openDb({})), url: null };
  const name = `hb_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = urlFor(name);
  const handle = await openDb({ url, poolSize: poolSize ?? 10 });
  return {
    ...handle,
    /** For a second handle on the same database (another process's worth of pool). */
    url,
    close: async () => {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
