import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';

/**
 * Other systems that receive a hall's public events as signed webhooks. The secret is kept
 * as it is (not hashed), because the server signs every delivery with it; it leaves the
 * server once, in the answer that created it. `eventTypes` null means every event type.
 */
export const webhookSubscribers = pgTable(
  'webhook_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    eventTypes: text('event_types').array(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_subscribers_hall_idx').on(t.hallId)],
);
