import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';

/**
 * Who changed what in a hall's configuration, written in the same transaction as the
 * change. Names in before/after are masked and passwords never recorded; the username
 * is kept as written so the history survives the account being renamed or disabled.
 */
export const adminAudit = pgTable(
  'admin_audit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for district-level changes (a district admin account). */
    hallId: uuid('hall_id').references(() => halls.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username').notNull(),
    ip: text('ip').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    action: text('action').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
  },
  (t) => [index('admin_audit_hall_at_idx').on(t.hallId, t.at)],
);
