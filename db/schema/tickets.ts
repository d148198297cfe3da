import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';
import { services } from './services';
import { staff } from './staff';

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    day: date('day', { mode: 'string' }).notNull(),
    /** Null for the continuation of a transferred ticket: it keeps the number it was issued with. */
    seq: integer('seq'),
    number: text('number').notNull(),
    priorityClass: text('priority_class').notNull().default('normal'),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    /** The place in the queue: first arrival, kept across transfers (slot time for appointments). */
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    calledAt: timestamp('called_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    recallCount: integer('recall_count').notNull().default(0),
    counterId: uuid('counter_id').references(() => counters.id),
    staffId: uuid('staff_id').references(() => staff.id),
    /** Set on a ticket transferred to one counter: only that counter may call it. */
    targetCounterId: uuid('target_counter_id').references(() => counters.id),
    parentTicketId: uuid('parent_ticket_id').references((): AnyPgColumn => tickets.id),
    rootTicketId: uuid('root_ticket_id').references((): AnyPgColumn => tickets.id),
    /** The citizen's link: on the first ticket of a visit only; transfers follow it. */
    token: text('token'),
    phone: text('phone'),
    /** "我需要再等 5 分钟": how many times the citizen moved back (the hall allows one). */
    delayCount: integer('delay_count').notNull().default(0),
    /** How many times the citizen took their place again after a no-show. */
    rejoinCount: integer('rejoin_count').notNull().default(0),
    /** The staff account that took the number for the citizen (volunteer or counter). */
    issuedBy: uuid('issued_by').references(() => staff.id),
    outcome: text('outcome'),
    note: text('note'),
    /** When retention removed the phone and the contact details of the note (see server/services/retention). */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('tickets_service_day_seq_unique').on(t.serviceId, t.day, t.seq),
    uniqueIndex('tickets_token_unique').on(t.token),
    // One active ticket per counter: two calls can never both land on the same counter.
    uniqueIndex('tickets_one_active_per_counter')
      .on(t.counterId)
      .where(sql`status in ('called', 'serving')`),
    index('tickets_waiting_idx').on(t.serviceId, t.queuedAt).where(sql`status = 'waiting'`),
    index('tickets_hall_day_idx').on(t.hallId, t.day),
    index('tickets_root_idx').on(t.rootTicketId),
    // Retention looks only at tickets that still hold personal data, however old the hall.
    index('tickets_personal_idx').on(t.hallId, t.day).where(sql`anonymised_at is null and (phone is not null or note is not null)`),
  ],
);

/** Gapless numbering: bumped in the transaction that inserts the ticket. */
export const dailyCounters = pgTable(
  'daily_counters',
  {
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    day: date('day', { mode: 'string' }).notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.day] })],
);
