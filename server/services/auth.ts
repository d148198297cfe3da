import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { halls, sessions, staff } from '../../db/schema';
import type { HallSummary, Me } from '../contracts/api';
import type { Clock } from '../domain/clock';
import type { Account, StaffActor } from './actors';
import { type Result, fail, ok } from './result';

const sessionHours = 12;
/** Session ids are base64url; anything else (NUL bytes, odd encodings) is no session, not a query. */
const sessionIdShape = /^[A-Za-z0-9_-]{1,100}$/;
/** Compared against when the username is unknown, so both paths cost one bcrypt check. */
const decoyHash = bcrypt.hashSync('decoy-password-never-valid', 10);

export function createAuthService({ db, clock }: { db: Db; clock: Clock }) {
  const revokedListeners: Array<(sessionId: string) => void> = [];

  async function login(username: string, password: string): Promise<Result<{ sessionId: string; expiresAt: Date; me: Me }>> {
    const [row] = await db
      .select({ staff, hall: { id: halls.id, slug: halls.slug, name: halls.name } })
      .from(staff)
      .leftJoin(halls, eq(halls.id, staff.hallId))
      .where(eq(staff.username, username));
    const valid = await bcrypt.compare(password, row?.staff.passwordHash ?? decoyHash);
    if (!row || !valid || !row.staff.active) return fail('UNAUTHENTICATED', 'Wrong username or password');
    const now = clock.now();
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
    await db.insert(sessions).values({ id: sessionId, staffId: row.staff.id, createdAt: now, expiresAt });
    return ok({
      sessionId,
      expiresAt,
      me: {
        id: row.staff.id,
        username: row.staff.username,
        displayName: row.staff.displayName,
        role: row.staff.role,
        hall: row.hall,
        counterId: row.staff.counterId,
      },
    });
  }

  /**
   * The account behind a session cookie, if the session is live and the account active,
   * whether bound to a hall or a district admin (hall null). Admin routes use this.
   */
  async function authenticateAccount(sessionId: string | undefined): Promise<Account | null> {
    if (!sessionId || !sessionIdShape.test(sessionId)) return null;
    const [row] = await db
      .select({ staff, hall: { id: halls.id, slug: halls.slug, name: halls.name } })
      .from(sessions)
      .innerJoin(staff, eq(staff.id, sessions.staffId))
      .leftJoin(halls, eq(halls.id, staff.hallId))
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())));
    if (!row || !row.staff.active) return null;
    return {
      id: row.staff.id,
      username: row.staff.username,
      displayName: row.staff.displayName,
      role: row.staff.role,
      hallId: row.staff.hallId,
      counterId: row.staff.counterId,
      hall: row.hall,
    };
  }

  /**
   * The staff member of a hall behind a session cookie. A district admin works in no hall,
   * so the hall's counter, queue and leader routes and sockets do not admit them.
   */
  async function authenticate(sessionId: string | undefined): Promise<(StaffActor & { hall: HallSummary }) | null> {
    const account = await authenticateAccount(sessionId);
    if (!account?.hallId || !account.hall) return null;
    return { ...account, hallId: account.hallId, hall: account.hall };
  }

  /** Disconnects the sockets of sessions that ended in a committed change (account disabled, password changed). */
  function announceRevoked(sessionIds: readonly string[]) {
    for (const id of sessionIds) for (const listener of revokedListeners) listener(id);
  }

  async function logout(sessionId: string | undefined): Promise<void> {
    if (!sessionId || !sessionIdShape.test(sessionId)) return;
    await db.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.id, sessionId));
    for (const listener of revokedListeners) listener(sessionId);
  }

  /** Told when a session ends, so its live sockets can be closed too. */
  function onRevoked(listener: (sessionId: string) => void) {
    revokedListeners.push(listener);
  }

  return { login, authenticate, authenticateAccount, logout, onRevoked, announceRevoked };
}

export type AuthService = ReturnType<typeof createAuthService>;
