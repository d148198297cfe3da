import { boolean, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';

export interface ServiceGuide {
  materials: string[];
  conditions: string[];
  /** The legal time limit, as the guide states it (e.g. "法定20个工作日，承诺5个工作日"). */
  timeLimit: string;
  fees: string;
  notes?: string;
}

/** Opening periods by ISO weekday (1 = Monday … 7 = Sunday), in the hall's local time. */
export interface OpeningPeriod {
  weekdays: number[];
  from: string;
  to: string;
}

export const serviceKinds = ['normal', 'unresolved_matter', 'consultation'] as const;
export type ServiceKind = (typeof serviceKinds)[number];

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    prefix: text('prefix').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<ServiceKind>().notNull().default('normal'),
    guide: jsonb('guide').$type<ServiceGuide>().notNull(),
    dailyCap: integer('daily_cap'),
    openingHours: jsonb('opening_hours').$type<OpeningPeriod[]>().notNull().default([]),
    instantApproval: boolean('instant_approval').notNull().default(false),
    /** Used by the wait estimator until the service has recent history of its own. */
    typicalServiceMinutes: integer('typical_service_minutes').notNull().default(8),
    /** The promised time limit in working days (承诺时限): bounds a 容缺 deadline. Null: none set. */
    promisedDays: integer('promised_days'),
    /** Appointments per time slot; null takes the hall's default, 0 means no appointments. */
    slotCapacity: integer('slot_capacity'),
    /** 秒批: where the citizen finishes the service online instead of queueing. */
    onlineUrl: text('online_url'),
    /**
     * The service's own ordering and wait target; null takes the hall's setting
     * (priorityInterleave, agingMinutes, waitTargetMinutes). A 综合窗口 serving services with
     * different rules orders each ticket by its own service's rule (see domain/ordering).
     */
    priorityInterleave: integer('priority_interleave'),
    agingMinutes: integer('aging_minutes'),
    waitTargetMinutes: integer('wait_target_minutes'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('services_hall_prefix_unique').on(t.hallId, t.prefix)],
);
