import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';

export type Column = [name: string, type: string];

/**
 * Inserts many rows with one parameter: the rows travel as one JSON array and
 * jsonb_to_recordset turns them back into typed columns. Far faster than a VALUES list of
 * tens of thousands of parameters, and the same on postgres.js and PGlite.
 */
export async function insertJson(tx: Tx, table: string, columns: Column[], rows: Record<string, unknown>[], batch = 5000): Promise<void> {
  const names = columns.map(([n]) => n).join(', ');
  const types = columns.map(([n, t]) => `${n} ${t}`).join(', ');
  for (let i = 0; i < rows.length; i += batch) {
    const json = JSON.stringify(rows.slice(i, i + batch));
    await tx.execute(sql`${sql.raw(`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(`)}${json}::jsonb${sql.raw(`) as x(${types})`)}`);
  }
}

export const ticketColumns: Column[] = [
  ['id', 'uuid'], ['hall_id', 'uuid'], ['service_id', 'uuid'], ['day', 'date'], ['seq', 'int'], ['number', 'text'],
  ['priority_class', 'text'], ['channel', 'text'], ['status', 'text'], ['version', 'int'], ['queued_at', 'timestamptz'],
  ['issued_at', 'timestamptz'], ['called_at', 'timestamptz'], ['started_at', 'timestamptz'], ['finished_at', 'timestamptz'],
  ['counter_id', 'uuid'], ['staff_id', 'uuid'], ['parent_ticket_id', 'uuid'], ['root_ticket_id', 'uuid'], ['token', 'text'], ['outcome', 'text'],
];

export const eventColumns: Column[] = [
  ['hall_id', 'uuid'], ['seq', 'int'], ['type', 'text'], ['at', 'timestamptz'], ['ticket_id', 'uuid'], ['counter_id', 'uuid'], ['actor', 'text'], ['data', 'jsonb'],
];

export const ratingColumns: Column[] = [
  ['root_ticket_id', 'uuid'], ['hall_id', 'uuid'], ['counter_id', 'uuid'], ['level', 'text'], ['efficiency', 'int'],
  ['service_level', 'int'], ['attitude', 'int'], ['comment', 'text'], ['at', 'timestamptz'],
];

/** camelCase keys to the snake_case column names (dates become ISO strings in JSON). */
export function snake(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}
