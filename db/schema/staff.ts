import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { counters } from './counters';
import { halls } from './halls';

export const staffRoles = ['staff', 'leader', 'admin', 'volunteer', 'inspector'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staff = pgTable('staff', {
  id: uuid('id').primaryKey().defaultRandom(),
  /**
   * The hall the account works in. Null only for a district admin (role admin), who
   * manages every hall and is bound to none: on a fresh install no hall exists yet.
   */
  hallId: uuid('hall_id').references(() => halls.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<StaffRole>().notNull(),
  counterId: uuid('counter_id').references(() => counters.id),
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions: the cookie holds only the opaque id, so a session can be revoked. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Last request made with the session (written at most once a minute): the idle timeout counts from it. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_staff_idx').on(t.staffId)],
);
