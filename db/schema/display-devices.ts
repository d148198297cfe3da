import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';

/**
 * Hall TVs and counter strips bound to a hall by a device key an admin issued. Only a
 * hash of the key is stored: the key itself is shown once, when it is issued.
 */
export const displayDevices = pgTable(
  'display_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('display_devices_key_hash_unique').on(t.keyHash), index('display_devices_hall_idx').on(t.hallId)],
);
