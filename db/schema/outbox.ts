import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';
import { tickets } from './tickets';

export const outboxChannels = ['sms', 'webhook'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];
/** `cancelled`: never to be sent, because retention anonymised the phone it was for. */
export const outboxStatuses = ['pending', 'sending', 'sent', 'dead', 'cancelled'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Messages to the world outside Hallboard (SMS, webhooks…), written in the same transaction
 * as the event that causes them and delivered at least once by the outbox worker. The id is
 * the message id the receiving side deduplicates on (OutId for Alibaba Cloud SMS).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    /** The visit the message is about, so retention can purge a visit's messages with it. */
    ticketId: uuid('ticket_id').references(() => tickets.id),
    channel: text('channel').$type<OutboxChannel>().notNull(),
    /** What the message says, e.g. `ticket.called`: the channel picks its template by it. */
    kind: text('kind').notNull(),
    /** A phone number for SMS, a subscriber for webhooks. */
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    /** Deliveries started, counted when a worker claims the message (a crashed one counts too). */
    attempts: integer('attempts').notNull().default(0),
    /**
     * When a worker may take the message: for `pending` the next try, for `sending` the end of
     * the holder's lease, so one index finds both the due and the abandoned ones.
     */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** The claim that holds the lease: a worker whose lease expired cannot reschedule another's claim. */
    leaseToken: uuid('lease_token'),
    lastError: text('last_error'),
    /** The provider's receipt (Alibaba Cloud's BizId). */
    providerMessageId: text('provider_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`status in ('pending', 'sending')`),
    index('outbox_hall_status_idx').on(t.hallId, t.status, t.createdAt),
    index('outbox_ticket_idx').on(t.ticketId),
  ],
);
