import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

/**
 * Every staff sign-in, good or refused: who tried (the username as typed, and the account
 * when it exists), from which address, when, and why it was refused. What a hall's admin
 * reads after a lockout, and the start of the audit trail of sign-ins.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    staffId: uuid('staff_id').references(() => staff.id),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    /** Null for a success; WRONG_PASSWORD, UNKNOWN_USER, INACTIVE, ACCOUNT_LOCKED, SIGN_IN_DELAY, ADDRESS_BLOCKED. */
    reason: text('reason'),
  },
  (t) => [index('sign_in_attempts_username_at_idx').on(t.username, t.at), index('sign_in_attempts_staff_at_idx').on(t.staffId, t.at)],
);
