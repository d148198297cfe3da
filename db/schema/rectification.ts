import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';
import { services } from './services';
import { staff } from './staff';
import { tickets } from './tickets';

/** 体验员: a structured visit report from an inspector's phone. */
export const inspectionReports = pgTable(
  'inspection_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    inspectorId: uuid('inspector_id').notNull().references(() => staff.id),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    serviceId: uuid('service_id').references(() => services.id),
    counterId: uuid('counter_id').references(() => counters.id),
    /** Scores 1–5 by indicator (efficiency, serviceLevel, attitude, environment, guidance …). */
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    /** Problems found, one a line; a report with any opens a work order. */
    problems: jsonb('problems').$type<string[]>().notNull(),
    summary: text('summary').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('inspection_reports_hall_idx').on(t.hallId, t.createdAt)],
);

/** verify → rectify → answer the citizen → review → closed. */
export const workOrderSteps = ['verify', 'rectify', 'answer', 'review', 'closed'] as const;
export type WorkOrderStep = (typeof workOrderSteps)[number];

export interface WorkOrderEntry {
  step: WorkOrderStep;
  by: string;
  at: string;
  note: string;
}

/** An appeal one leader asked: it takes a second leader (not the same one) to uphold it. */
export interface AppealRecord {
  by: string;
  at: string;
  reason: string;
  /** Unset while it waits; `withdrawn` by the one who asked, otherwise by a second leader. */
  decision?: 'upheld' | 'declined' | 'withdrawn';
  decidedBy?: string;
  decidedAt?: string;
  decisionNote?: string;
}

/** 整改: the work order a bad rating or an inspector's report opens. */
export const workOrders = pgTable(
  'work_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    source: text('source').$type<'rating' | 'inspection'>().notNull(),
    /** The rated visit (source rating). */
    rootTicketId: uuid('root_ticket_id').references(() => tickets.id),
    reportId: uuid('report_id').references(() => inspectionReports.id),
    counterId: uuid('counter_id').references(() => counters.id),
    /** The clerk concerned, when known. */
    staffId: uuid('staff_id').references(() => staff.id),
    step: text('step').$type<WorkOrderStep>().notNull(),
    /** When the current step must be done, from the hall's rectification settings. */
    stepDeadline: timestamp('step_deadline', { withTimezone: true }),
    history: jsonb('history').$type<WorkOrderEntry[]>().notNull(),
    /** Appeals asked on this order, each with its decision once a second leader made it; at most one waits. */
    appeals: jsonb('appeals').$type<AppealRecord[]>().notNull().default([]),
    summary: text('summary').notNull(),
    /** What the citizen is told (the answer step). */
    answer: text('answer'),
    version: integer('version').notNull().default(1),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('work_orders_hall_step_idx').on(t.hallId, t.step), index('work_orders_root_idx').on(t.rootTicketId)],
);
