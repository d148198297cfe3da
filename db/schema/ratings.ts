import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';
import { staff } from './staff';
import { tickets } from './tickets';

/** 好差评: one rating per visit, keyed by the visit's first ticket. */
export const ratings = pgTable('ratings', {
  rootTicketId: uuid('root_ticket_id')
    .primaryKey()
    .references(() => tickets.id),
  hallId: uuid('hall_id').notNull().references(() => halls.id),
  counterId: uuid('counter_id').references(() => counters.id),
  level: text('level').notNull(),
  efficiency: integer('efficiency'),
  serviceLevel: integer('service_level'),
  attitude: integer('attitude'),
  comment: text('comment'),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** An upheld appeal excludes a malicious rating from every figure; the reason is kept. */
  excluded: boolean('excluded').notNull().default(false),
  excludedReason: text('excluded_reason'),
  excludedBy: uuid('excluded_by').references(() => staff.id),
  excludedAt: timestamp('excluded_at', { withTimezone: true }),
  /** When retention removed contact details from the comment; the scores stay. */
  anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
}, (t) => [
  // History: one hall-day of ratings, and the few appealed ones that make a rolled-up day stale.
  index('ratings_hall_at_idx').on(t.hallId, t.at),
  index('ratings_excluded_idx').on(t.hallId, t.at).where(sql`excluded`),
]);
