import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';

/** Append-only: the audit trail, the outbox of real-time pushes and the source of analytics. */
export const events = pgTable(
  'events',
  {
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    ticketId: uuid('ticket_id'),
    counterId: uuid('counter_id'),
    actor: text('actor').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.seq] }),
    index('events_ticket_idx').on(t.ticketId),
    // History: one hall-day of events, and a counter's status before a day (its idle time).
    index('events_hall_at_idx').on(t.hallId, t.at),
    index('events_counter_status_idx').on(t.counterId, t.at).where(sql`type = 'counter.updated'`),
  ],
);

/** (actor, idempotency key) → the stored answer, so a retried command takes effect once. */
export const commands = pgTable(
  'commands',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] })],
);
