import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { counters } from './counters';
import { halls } from './halls';
import { services } from './services';
import { staff } from './staff';
import { tickets } from './tickets';

/**
 * `awaiting_commitment` until the citizen confirms on their phone (or staff record the signed
 * paper), then `open` until the missing items arrive (`fulfilled`) or the acceptance is
 * withdrawn. Overdue is not a status: it is `open` past its deadline, read against the clock.
 */
export const conditionalStatuses = ['awaiting_commitment', 'open', 'fulfilled', 'withdrawn'] as const;
export type ConditionalStatus = (typeof conditionalStatuses)[number];

/** How the citizen committed to bring what is missing. */
export const commitmentKinds = ['phone', 'paper'] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];

/** 容缺受理: accepted with missing documents against the citizen's commitment and a deadline. */
export const conditionalAcceptances = pgTable(
  'conditional_acceptances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    /** The visit's first ticket: the citizen's link finds the acceptance through it. */
    rootTicketId: uuid('root_ticket_id').notNull().references(() => tickets.id),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    counterId: uuid('counter_id').notNull().references(() => counters.id),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    caseId: uuid('case_id').references(() => cases.id),
    missingItems: jsonb('missing_items').$type<string[]>().notNull(),
    commitment: text('commitment').$type<CommitmentKind>().notNull(),
    commitmentConfirmedAt: timestamp('commitment_confirmed_at', { withTimezone: true }),
    /** No later than the service's promised time limit from acceptance. */
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    status: text('status').$type<ConditionalStatus>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => staff.id),
  },
  (t) => [
    index('conditional_hall_status_idx').on(t.hallId, t.status, t.deadline),
    index('conditional_root_idx').on(t.rootTicketId),
  ],
);
