import { index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';
import { services } from './services';

export const counterKinds = ['general', 'dedicated', 'unresolved_matter'] as const;
export type CounterKind = (typeof counterKinds)[number];
export const counterStatuses = ['open', 'paused', 'closed'] as const;
export type CounterStatus = (typeof counterStatuses)[number];

export const counters = pgTable(
  'counters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<CounterKind>().notNull().default('general'),
    status: text('status').$type<CounterStatus>().notNull().default('closed'),
    pauseReason: text('pause_reason'),
    statusSince: timestamp('status_since', { withTimezone: true }).notNull().defaultNow(),
    /** Normal tickets called here since the last priority one: the interleave policy's memory. */
    normalSincePriority: integer('normal_since_priority').notNull().default(0),
  },
  (t) => [unique('counters_hall_number_unique').on(t.hallId, t.number)],
);

export const counterServices = pgTable(
  'counter_services',
  {
    counterId: uuid('counter_id').notNull().references(() => counters.id),
    serviceId: uuid('service_id').notNull().references(() => services.id),
  },
  // The queue-order and call-next queries go from a service to the counters that serve it.
  (t) => [primaryKey({ columns: [t.counterId, t.serviceId] }), index('counter_services_service_idx').on(t.serviceId)],
);
