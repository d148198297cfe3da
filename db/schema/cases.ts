import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';
import { services } from './services';
import { staff } from './staff';
import { tickets } from './tickets';

/** 办件 progress as the citizen reads it on /case. `rejected` ends a case that was not approved. */
export const caseProgressStatuses = ['accepted', 'in_review', 'approved', 'ready', 'delivered', 'rejected'] as const;
export type CaseProgressStatus = (typeof caseProgressStatuses)[number];

export interface CaseStep {
  status: CaseProgressStatus;
  at: string;
  note?: string;
}

/**
 * 办件: an application accepted at a counter that continues after the visit. The citizen
 * finds it by its number and the last four digits of the phone it was accepted with.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    caseNo: text('case_no').notNull().unique(),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    /** The visit it came from, when it was accepted at a counter. */
    rootTicketId: uuid('root_ticket_id').references(() => tickets.id),
    counterId: uuid('counter_id').references(() => counters.id),
    staffId: uuid('staff_id').references(() => staff.id),
    /** Stored once; only its last four digits are ever compared or shown (masked). */
    phone: text('phone'),
    status: text('status').$type<CaseProgressStatus>().notNull(),
    /** Every status the case has passed through, oldest first, with its time. */
    steps: jsonb('steps').$type<CaseStep[]>().notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** When retention removed the phone (the case done, plus the hall's caseRetentionDays). */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [index('cases_hall_idx').on(t.hallId, t.acceptedAt), index('cases_root_idx').on(t.rootTicketId)],
);
