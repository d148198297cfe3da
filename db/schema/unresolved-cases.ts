import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';
import { staff } from './staff';
import { tickets } from './tickets';

export const caseStatuses = ['open', 'assigned', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** 当场办结, 帮办代办 (answered later), 登记入档并解释 (with a full explanation). */
export const caseOutcomes = ['solved_on_site', 'assisted', 'registered'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** 办不成事: a matter that could not be done, escalated to the duty leader. */
export const unresolvedCases = pgTable(
  'unresolved_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    /** The visit it concerns, when it was opened with a ticket. */
    rootTicketId: uuid('root_ticket_id').references(() => tickets.id),
    description: text('description').notNull(),
    /** For a case opened without a ticket, so the hall can answer; shown masked only. */
    phone: text('phone'),
    /** Who opened it: `staff:<id>`, `citizen:<ticket>` or `anonymous`. */
    openedBy: text('opened_by').notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    assignedTo: uuid('assigned_to').references(() => staff.id),
    outcome: text('outcome').$type<CaseOutcome>(),
    answer: text('answer'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** The reply deadline: opened + the hall's caseReplyHours. */
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    closedBy: uuid('closed_by').references(() => staff.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** When retention removed the phone and the contact details of the texts. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [
    index('unresolved_cases_hall_status_idx').on(t.hallId, t.status),
    index('unresolved_cases_root_idx').on(t.rootTicketId),
    index('unresolved_cases_hall_opened_idx').on(t.hallId, t.openedAt),
  ],
);
