import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';
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
});
