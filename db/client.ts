import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers expose the same query builder; services only ever see this type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: 'postgres' | 'pglite';
  close: () => Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenDbOptions {
  /** postgres:// URL; without it PGlite runs in-process. */
  url?: string | undefined;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string | undefined;
  /** Connections in the postgres.js pool. */
  poolSize?: number;
}

/**
 * How the pool behaves when PostgreSQL goes away or slows down. The driver's defaults wait
 * 30 s for a connection and back off up to 20 s between attempts, so requests hung for tens of
 * seconds during an outage and service came back long after the database did. A request has
 * 2 s in all (server/http/deadline.ts); these bound what happens beneath it.
 */
export const poolTimeouts = {
  /** Seconds to open a connection before the attempt fails. */
  connectTimeoutS: 2,
  /** Seconds between reconnection attempts: flat and short, with jitter, never growing. */
  backoffS: () => 0.2 + Math.random() * 0.3,
  /** Seconds an idle connection is kept; a pool shrinks after a peak. */
  idleTimeoutS: 60,
  /** Seconds a connection lives at most: a connection to a failed-over server does not linger. */
  maxLifetimeS: 30 * 60,
  /**
   * Server-side bounds: a statement that runs longer is cancelled, and a transaction left
   * idle (a process that stalled mid-command) releases its locks. Long enough for the year-long
   * history reports, far below a hung connection.
   */
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 10_000,
} as const;

/** Opens the process's one database handle and applies the committed migrations. */
export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(options.url, {
      max: options.poolSize ?? 20,
      onnotice: () => {},
      connect_timeout: poolTimeouts.connectTimeoutS,
      backoff: poolTimeouts.backoffS,
      idle_timeout: poolTimeouts.idleTimeoutS,
      max_lifetime: poolTimeouts.maxLifetimeS,
      connection: {
        statement_timeout: poolTimeouts.statementTimeoutMs,
        idle_in_transaction_session_timeout: poolTimeouts.idleInTransactionTimeoutMs,
      },
      // Timestamps come back as Date objects and jsonb as parsed values on both drivers.
      prepare: true,
    });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, driver: 'pglite', close: () => client.close() };
}

/** postgres.js returns rows as an array, PGlite as `{ rows }`: raw queries go through this. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []);
}
