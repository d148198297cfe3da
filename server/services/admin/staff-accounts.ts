import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { counters, staff } from '../../../db/schema';
import type { AdminStaff, StaffCreateBody, StaffUpdateBody } from '../../contracts/admin';
import type { Clock } from '../../domain/clock';
import type { AuthService } from '../auth';
import type { RunCommand } from '../command';
import { type Result, fail, ok, refuse } from '../result';
import { type AdminContext, adminActorId, adminHall, isDistrictAdmin } from './access';
import { auditedStaff, checkPassword, endSessions, findAccount, hashPassword, insertAccount, toAdminStaff } from './accounts';
import { writeAudit } from './audit';

interface Deps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  auth: AuthService;
}

/** Accounts: created, changed, disabled and given new passwords by admins; own password by anyone. */
export function createStaffAdmin({ db, clock, runCommand, auth }: Deps) {
  /** Runs the change, then disconnects the sockets of the sessions it ended (after the commit). */
  async function withEndedSessions<T>(run: () => Promise<Result<{ data: T; ended: string[] }>>): Promise<Result<T>> {
    const result = await run();
    if (!result.ok) return result;
    auth.announceRevoked(result.data.ended);
    return ok(result.data.data);
  }

  async function requireHallCounter(tx: Tx, hallId: string, counterId: string | null | undefined) {
    if (!counterId) return;
    const [row] = await tx.select({ id: counters.id }).from(counters).where(and(eq(counters.id, counterId), eq(counters.hallId, hallId)));
    if (!row) refuse('VALIDATION', 'The counter is not one of this hall', { reason: 'UNKNOWN_COUNTER' });
  }

  async function requireFreeUsername(tx: Tx, username: string) {
    if (await findAccount(tx, username)) refuse('CONFLICT', 'This username is taken', { reason: 'USERNAME_TAKEN' });
  }

  async function list(ctx: AdminContext, hallRef: string): Promise<Result<{ staff: AdminStaff[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const rows = await db.select().from(staff).where(eq(staff.hallId, hall.data.id)).orderBy(asc(staff.username));
    return ok({ staff: rows.map(toAdminStaff) });
  }

  async function create(ctx: AdminContext, hallRef: string, body: StaffCreateBody): Promise<Result<{ staff: AdminStaff }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { ...body, password: null } }, async ({ tx, now, emit }) => {
      await requireFreeUsername(tx, body.username);
      await requireHallCounter(tx, hall.data.id, body.counterId);
      const row = await insertAccount(tx, { ...body, hallId: hall.data.id }, now);
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'staff', entityId: row.id, action: 'create', before: null, after: auditedStaff(row) });
      emit({ type: 'config.changed', data: { entity: 'staff', id: row.id } });
      return { staff: toAdminStaff(row) };
    });
  }

  async function lockedMember(tx: Tx, hallId: string, staffId: string) {
    const [row] = await tx.select().from(staff).where(and(eq(staff.id, staffId), eq(staff.hallId, hallId))).for('update');
    if (!row) refuse('NOT_FOUND', 'No such account in this hall');
    return row;
  }

  /** Disabling or a role change ends the account's sessions and sockets: what it may do changed. */
  async function update(ctx: AdminContext, hallRef: string, staffId: string, body: StaffUpdateBody): Promise<Result<{ staff: AdminStaff }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    if (staffId === ctx.account.id && (body.active === false || (body.role !== undefined && body.role !== 'admin'))) {
      return fail('CONFLICT', 'An admin cannot disable or demote their own account', { reason: 'SELF' });
    }
    return withEndedSessions(() =>
      runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { staffId, body } }, async ({ tx, now, emit }) => {
        const before = await lockedMember(tx, hall.data.id, staffId);
        if (body.counterId !== undefined) await requireHallCounter(tx, hall.data.id, body.counterId);
        const [after] = await tx.update(staff).set(body).where(eq(staff.id, staffId)).returning();
        if (!after) refuse('NOT_FOUND', 'No such account in this hall');
        const ends = (before.active && !after.active) || before.role !== after.role;
        const ended = ends ? await endSessions(tx, clock, staffId) : [];
        const action = before.active && !after.active ? 'disable' : !before.active && after.active ? 'enable' : 'update';
        await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'staff', entityId: staffId, action, before: auditedStaff(before), after: auditedStaff(after) });
        emit({ type: 'config.changed', data: { entity: 'staff', id: staffId } });
        return { data: { staff: toAdminStaff(after) }, ended };
      }),
    );
  }

  /** Sets the password the admin chose (and tells the person); every session of the account ends. */
  async function resetPassword(ctx: AdminContext, hallRef: string, staffId: string, password: string): Promise<Result<{ ok: true }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const passwordHash = await hashPassword(password);
    return withEndedSessions(() =>
      runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { staffId, action: 'password.reset' } }, async ({ tx, now: at, emit }) => {
        await lockedMember(tx, hall.data.id, staffId);
        await tx.update(staff).set({ passwordHash }).where(eq(staff.id, staffId));
        const ended = await endSessions(tx, clock, staffId);
        await writeAudit(tx, ctx, at, { hallId: hall.data.id, entity: 'staff', entityId: staffId, action: 'password.reset', before: null, after: null });
        emit({ type: 'config.changed', data: { entity: 'staff', id: staffId } });
        return { data: { ok: true as const }, ended };
      }),
    );
  }

  /**
   * Lifts the account's sign-in delay and lockout (the sign-in guard), e.g. for a clerk who
   * mistyped the password before the hall opens. Recorded like every admin change.
   */
  async function unlockSignIn(ctx: AdminContext, hallRef: string, staffId: string): Promise<Result<{ ok: true }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const done = await runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { staffId, action: 'signin.unlock' } }, async ({ tx, now: at }) => {
      const member = await lockedMember(tx, hall.data.id, staffId);
      await writeAudit(tx, ctx, at, { hallId: hall.data.id, entity: 'staff', entityId: staffId, action: 'signin.unlock', before: null, after: null });
      return member.username;
    });
    if (!done.ok) return done;
    await auth.unlockSignIn(done.data);
    return ok({ ok: true as const });
  }

  /**
   * Any account changes its own password with the current one. Its other sessions end (a
   * changed password is how someone locks out whoever learned the old one); this one stays.
   */
  async function changeOwnPassword(ctx: AdminContext, sessionId: string | undefined, current: string, next: string): Promise<Result<{ ok: true }>> {
    const row = await findAccount(db, ctx.account.username);
    if (!row || !(await checkPassword(current, row.passwordHash))) {
      return fail('FORBIDDEN', 'The current password is wrong', { reason: 'WRONG_PASSWORD' });
    }
    const passwordHash = await hashPassword(next);
    const ended = await db.transaction(async (tx) => {
      await tx.update(staff).set({ passwordHash }).where(eq(staff.id, row.id));
      const ids = await endSessions(tx, clock, row.id, sessionId);
      await writeAudit(tx, ctx, clock.now(), { hallId: row.hallId, entity: 'staff', entityId: row.id, action: 'password.change', before: null, after: null });
      return ids;
    });
    auth.announceRevoked(ended);
    return ok({ ok: true });
  }

  async function districtAdmins(ctx: AdminContext): Promise<Result<{ staff: AdminStaff[] }>> {
    if (!isDistrictAdmin(ctx.account)) return fail('FORBIDDEN', 'Only a district admin sees the district admins');
    const rows = await db.select().from(staff).where(and(isNull(staff.hallId), eq(staff.role, 'admin'))).orderBy(asc(staff.username));
    return ok({ staff: rows.map(toAdminStaff) });
  }

  /** District-level: bound to no hall, so no hall event; the audit row has no hall either. */
  async function createDistrictAdmin(
    ctx: AdminContext,
    body: { username: string; displayName: string; password: string },
  ): Promise<Result<{ staff: AdminStaff }>> {
    if (!isDistrictAdmin(ctx.account)) return fail('FORBIDDEN', 'Only a district admin creates district admins');
    if (await findAccount(db, body.username)) return fail('CONFLICT', 'This username is taken', { reason: 'USERNAME_TAKEN' });
    const row = await db.transaction(async (tx) => {
      const at = clock.now();
      const created = await insertAccount(tx, { ...body, role: 'admin', hallId: null }, at);
      await writeAudit(tx, ctx, at, { hallId: null, entity: 'staff', entityId: created.id, action: 'create', before: null, after: auditedStaff(created) });
      return created;
    });
    return ok({ staff: toAdminStaff(row) });
  }

  return { list, create, update, resetPassword, unlockSignIn, changeOwnPassword, districtAdmins, createDistrictAdmin };
}
