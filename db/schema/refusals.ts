import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';
import { staff } from './staff';
import { tickets } from './tickets';

export const refusalStatuses = ['pending', 'approved', 'denied'] as const;
export type RefusalStatus = (typeof refusalStatuses)[number];

/**
 * 否定报备: a counter may not simply say no. The request parks the ticket until a leader
 * of the hall (never the requester) approves it, and the approved notice (一次性告知)
 * is what the citizen reads on their phone.
 */
export const refusals = pgTable(
  'refusals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    /** The visit's first ticket: the citizen's link finds the notice through it. */
    rootTicketId: uuid('root_ticket_id').notNull().references(() => tickets.id),
    counterId: uuid('counter_id').notNull().references(() => counters.id),
    requestedBy: uuid('requested_by').notNull().references(() => staff.id),
    reason: text('reason').notNull(),
    legalBasis: text('legal_basis').notNull(),
    /** The one-time notice: everything the citizen must bring or do, one item a line. */
    items: jsonb('items').$type<string[]>().notNull(),
    status: text('status').$type<RefusalStatus>().notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decisionComment: text('decision_comment'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('refusals_hall_status_idx').on(t.hallId, t.status),
    index('refusals_root_idx').on(t.rootTicketId),
    index('refusals_hall_requested_idx').on(t.hallId, t.requestedAt),
  ],
);
