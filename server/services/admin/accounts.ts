import bcrypt from 'bcryptjs';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { type StaffRole, sessions, staff } from '../../../db/schema';
import type { AdminStaff } from '../../contracts/admin';
import type { Clock } from '../../domain/clock';

export const passwordHashRounds = 10;
/** The CLI and the API refuse shorter passwords alike. */
export const minPasswordLength = 8;

export type StaffRow = typeof staff.$inferSelect;

export function toAdminStaff(row: StaffRow): AdminStaff {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    hallId: row.hallId,
    counterId: row.counterId,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit keeps of an account: never its password hash; the name is masked there. */
export function auditedStaff(row: StaffRow): Record<string, unknown> {
  return {
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    hallId: row.hallId,
    counterId: row.counterId,
    active: row.active,
  };
}

export const hashPassword = (password: string) => bcrypt.hash(password, passwordHashRounds);
export const checkPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

/** Ends every live session of the account (but `keep`); the ids let the caller close their sockets. */
export async function endSessions(tx: DbOrTx, clock: Clock, staffId: string, keep?: string): Promise<string[]> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt), keep ? sql`${sessions.id} <> ${keep}` : undefined))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  hallId: string | null;
  counterId?: string | null;
  password: string;
}

export async function insertAccount(tx: DbOrTx, account: NewAccount, now: Date): Promise<StaffRow> {
  const [row] = await tx
    .insert(staff)
    .values({
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      hallId: account.hallId,
      counterId: account.counterId ?? null,
      passwordHash: await hashPassword(account.password),
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('account not written');
  return row;
}

/** Whether any admin account exists, active or not: a disabled one still means someone set up the install. */
export async function anyAdminExists(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ id: staff.id }).from(staff).where(eq(staff.role, 'admin')).limit(1);
  return row !== undefined;
}

/**
 * First run: with BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD set and no admin
 * account yet, create a district admin with them. Once any admin exists it does nothing,
 * so changing the variables later changes nothing. An advisory lock makes two processes
 * starting at once create one account, not two.
 */
export async function bootstrapAdmin(db: Db, clock: Clock, credentials: { username: string; password: string }): Promise<'created' | 'exists'> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7340012)`);
    if (await anyAdminExists(tx)) return 'exists';
    const [taken] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.username, credentials.username));
    if (taken) throw new Error(`BOOTSTRAP_ADMIN_USERNAME: the username ${credentials.username} belongs to an account that is not an admin`);
    await insertAccount(
      tx,
      { username: credentials.username, displayName: credentials.username, role: 'admin', hallId: null, password: credentials.password },
      clock.now(),
    );
    return 'created';
  });
}

export async function findAccount(db: DbOrTx, username: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.username, username));
  return row;
}
