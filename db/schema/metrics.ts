import { date, doublePrecision, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';

export const metricsDimensions = ['hall', 'service', 'counter', 'staff'] as const;
export type MetricsDimension = (typeof metricsDimensions)[number];

/**
 * Daily rollup of the history figures, one row per (hall, dimension, hall-local day, key):
 * a year of history is then a few thousand rows instead of half a million tickets. Rows
 * hold sums and counts only (never averages), so days add up into weeks and months
 * exactly. The `hall` row of a day is always written, even for a day without activity:
 * it marks the day as rolled up. Definitions of each figure: server/services/metrics/history-day.ts.
 */
export const metricsDaily = pgTable(
  'metrics_daily',
  {
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    dim: text('dim').$type<MetricsDimension>().notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** Service, counter or staff id; '' for the hall row and for what no counter or staff handled. */
    key: text('key').notNull(),
    issued: integer('issued').notNull().default(0),
    called: integer('called').notNull().default(0),
    served: integer('served').notNull().default(0),
    noShows: integer('no_shows').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    transferred: integer('transferred').notNull().default(0),
    waitCount: integer('wait_count').notNull().default(0),
    waitSeconds: doublePrecision('wait_seconds').notNull().default(0),
    walkCount: integer('walk_count').notNull().default(0),
    walkSeconds: doublePrecision('walk_seconds').notNull().default(0),
    serviceCount: integer('service_count').notNull().default(0),
    serviceSeconds: doublePrecision('service_seconds').notNull().default(0),
    openSeconds: doublePrecision('open_seconds').notNull().default(0),
    idleSeconds: doublePrecision('idle_seconds').notNull().default(0),
    rated: integer('rated').notNull().default(0),
    verySatisfied: integer('very_satisfied').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    basicallySatisfied: integer('basically_satisfied').notNull().default(0),
    dissatisfied: integer('dissatisfied').notNull().default(0),
    veryDissatisfied: integer('very_dissatisfied').notNull().default(0),
    efficiencyCount: integer('efficiency_count').notNull().default(0),
    efficiencySum: integer('efficiency_sum').notNull().default(0),
    serviceLevelCount: integer('service_level_count').notNull().default(0),
    serviceLevelSum: integer('service_level_sum').notNull().default(0),
    attitudeCount: integer('attitude_count').notNull().default(0),
    attitudeSum: integer('attitude_sum').notNull().default(0),
    refusals: integer('refusals').notNull().default(0),
    refusalsApproved: integer('refusals_approved').notNull().default(0),
    cases: integer('cases').notNull().default(0),
    /**
     * Ratings of the day excluded by an appeal when the day was rolled up: an appeal upheld
     * later changes the live count, and the history re-rolls the day (see history-rollup.ts).
     */
    excludedRatings: integer('excluded_ratings').notNull().default(0),
    rolledAt: timestamp('rolled_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.dim, t.day, t.key] })],
);
