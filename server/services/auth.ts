import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { halls, sessions, settingsOf, signInAttempts, staff } from '../../db/schema';
import type { HallSummary, Me } from '../contracts/api';
import type { Clock } from '../domain/clock';
import type { Account, StaffActor } from './actors';
import { type Result, fail, ok } from './result';
import { type SignInGuard, type SignInRefusal, createSignInGuard } from './sign-in-guard';

const sessionHours = 12;
/** A session's last use is written at most this often: one UPDATE a minute per clerk, not one per request. */
const touchEveryMs = 60_000;
/** Session ids are base64url; anything else (NUL bytes, odd encodings) is no session, not a query. */
const sessionIdShape = /^[A-Za-z0-9_-]{1,100}$/;
/** Compared against when the username is unknown, so both paths cost one bcrypt check. */
const decoyHash = bcrypt.hashSync('decoy-password-never-valid', 10);

/** When to try again, in the words the sign-in page shows as is. */
function retryMessage(refusal: SignInRefusal): string {
  const wait = refusal.retryAfterSeconds < 60 ? `${refusal.retryAfterSeconds} 秒` : `${Math.ceil(refusal.retryAfterSeconds / 60)} 分钟`;
  if (refusal.reason === 'ACCOUNT_LOCKED') return `密码错误次数过多，账号已临时锁定，请 ${wait}后再试，或请管理员解锁`;
  if (refusal.reason === 'ADDRESS_BLOCKED') return `本地址登录失败次数过多，请 ${wait}后再试`;
  return `密码错误次数较多，请 ${wait}后再试`;
}

export function createAuthService({ db, clock, guard = createSignInGuard({ kind: 'memory' }) }: { db: Db; clock: Clock; guard?: SignInGuard }) {
  const revokedListeners: Array<(sessionId: string) => void> = [];

  async function record(attempt: { username: string; staffId: string | null; address: string; ok: boolean; reason: string | null }) {
    await db.insert(signInAttempts).values({ ...attempt, at: clock.now() });
  }

  /**
   * Signs in within the guessing limits (sign-in-guard.ts): while an account or address is
   * held back, not even the right password is tried, so a lockout cannot be probed. Every
   * attempt, good or refused, is recorded with the address it came from.
   */
  async function login(username: string, password: string, address = 'unknown'): Promise<Result<{ sessionId: string; expiresAt: Date; me: Me }>> {
    const refusal = await guard.check(username, address);
    const [row] = await db
      .select({ staff, hall: { id: halls.id, slug: halls.slug, name: halls.name } })
      .from(staff)
      .leftJoin(halls, eq(halls.id, staff.hallId))
      .where(eq(staff.username, username));
    const staffId = row?.staff.id ?? null;
    if (refusal) {
      await record({ username, staffId, address, ok: false, reason: refusal.reason });
      return fail('RATE_LIMITED', retryMessage(refusal), { reason: refusal.reason, details: { retryAfterSeconds: refusal.retryAfterSeconds } });
    }
    const valid = await bcrypt.compare(password, row?.staff.passwordHash ?? decoyHash);
    if (!row || !valid || !row.staff.active) {
      await guard.failed(username, address);
      await record({ username, staffId, address, ok: false, reason: !row ? 'UNKNOWN_USER' : !valid ? 'WRONG_PASSWORD' : 'INACTIVE' });
      return fail('UNAUTHENTICATED', 'Wrong username or password');
    }
    await guard.succeeded(username);
    await record({ username, staffId, address, ok: true, reason: null });
    return ok(await openSession(row));
  }

  async function openSession(row: { staff: typeof staff.$inferSelect; hall: HallSummary | null }) {
    const now = clock.now();
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
    await db.insert(sessions).values({ id: sessionId, staffId: row.staff.id, createdAt: now, expiresAt });
    const me: Me = {
      id: row.staff.id,
      username: row.staff.username,
      displayName: row.staff.displayName,
      role: row.staff.role,
      hall: row.hall,
      counterId: row.staff.counterId,
    };
    return { sessionId, expiresAt, me };
  }

  /**
   * Signs in an account whose identity someone else has proved (the hall's OpenID provider):
   * the username must be an existing, active account's, matched exactly; no account is
   * created and the role is the account's own. The password limits do not apply (no password
   * was tried; the provider has its own), but the attempt is recorded like a password one.
   */
  async function signInVerified(username: string, address = 'unknown'): Promise<Result<{ sessionId: string; expiresAt: Date; me: Me }>> {
    const [row] = await db
      .select({ staff, hall: { id: halls.id, slug: halls.slug, name: halls.name } })
      .from(staff)
      .leftJoin(halls, eq(halls.id, staff.hallId))
      .where(eq(staff.username, username));
    if (!row || !row.staff.active) {
      const reason = !row ? 'UNKNOWN_USER' : 'INACTIVE';
      await record({ username, staffId: row?.staff.id ?? null, address, ok: false, reason });
      return !row
        ? fail('UNAUTHENTICATED', 'No account has this username', { reason })
        : fail('FORBIDDEN', 'This account is disabled', { reason });
    }
    await record({ username, staffId: row.staff.id, address, ok: true, reason: null });
    return ok(await openSession(row));
  }

  /**
   * The account behind a session cookie, if the session is live and the account active,
   * whether bound to a hall or a district admin (hall null). Admin routes use this.
   */
  async function authenticateAccount(sessionId: string | undefined): Promise<Account | null> {
    if (!sessionId || !sessionIdShape.test(sessionId)) return null;
    const now = clock.now();
    const [row] = await db
      .select({
        staff,
        session: { createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt },
        hall: { id: halls.id, slug: halls.slug, name: halls.name },
        hallSettings: halls.settings,
      })
      .from(sessions)
      .innerJoin(staff, eq(staff.id, sessions.staffId))
      .leftJoin(halls, eq(halls.id, staff.hallId))
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    if (!row || !row.staff.active) return null;
    // The idle timeout is the hall's (a district admin, in no hall, has the default).
    const idleMinutes = settingsOf({ settings: row.hallSettings ?? {} }).staffIdleMinutes;
    const lastSeen = row.session.lastSeenAt ?? row.session.createdAt;
    const idleMs = now.getTime() - lastSeen.getTime();
    if (idleMinutes !== null && idleMs > idleMinutes * 60_000) {
      await logout(sessionId);
      return null;
    }
    if (idleMs >= touchEveryMs) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
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

  /** Lifts an account's sign-in lockout and delay (an admin's action; the route checks who asks). */
  async function unlockSignIn(username: string): Promise<void> {
    await guard.unlock(username);
  }

  return { login, signInVerified, authenticate, authenticateAccount, logout, onRevoked, announceRevoked, unlockSignIn };
}

export type AuthService = ReturnType<typeof createAuthService>;
