import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, tickets } from '../../db/schema';
import type { ErrorCode } from '../../server/contracts/common';
import type { Result } from '../../server/services/result';

/** The data of a successful result; a failure fails the test with its code and message. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** The error code of a failed result; a success fails the test. */
export function errorCode<T>(result: Result<T>): ErrorCode {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error.code;
}

/** A value the test relies on being there (instead of a non-null assertion). */
export function present<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}

/** The hall's events in seq order. */
export function eventsOf(db: Db, hallId: string) {
  return db.select().from(events).where(eq(events.hallId, hallId)).orderBy(asc(events.seq));
}

/** The hall's tickets in issue order (a transfer's continuation after its parent). */
export function ticketsOf(db: Db, hallId: string) {
  return db.select().from(tickets).where(eq(tickets.hallId, hallId)).orderBy(asc(tickets.issuedAt), asc(tickets.number));
}

export async function ticketById(db: Db, id: string) {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  return present(row, `ticket ${id}`);
}
