import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { displayDevices } from '../../../db/schema';
import type { AdminMe, AuditEntry, AuditQuery, SignInEntry, SignInQuery } from '../../contracts/admin';
import type { DisplayDevice } from '../../contracts/api';
import type { RosterBody, RosterDay } from '../../contracts/governance';
import type { Clock } from '../../domain/clock';
import type { AuthService } from '../auth';
import type { RunCommand } from '../command';
import type { DisplayDeviceService } from '../display-devices';
import type { createDutyRosterService } from '../duty-roster';
import { type Result, fail, ok, refuse } from '../result';
import { type AdminContext, adminActorId, adminHall, asHallAdmin, isDistrictAdmin } from './access';
import { auditCsv, readAudit, writeAudit } from './audit';
import { readSignIns, signInCsv } from './sign-in-log';
import { createCatalogue } from './catalogue';
import { createCounterAdmin } from './counters';
import { createHallConfig } from './hall-config';
import { createOutboxAdmin } from './outbox';
import { createStaffAdmin } from './staff-accounts';
import { createWebhookAdmin } from './webhooks';

interface Deps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  auth: AuthService;
  displayDevices: DisplayDeviceService;
  dutyRoster: ReturnType<typeof createDutyRosterService>;
}

function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y ?? 2000, m ?? 1, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Hall administration (issue 12): every use case authorises the admin against the hall it touches. */
export function createAdminService(deps: Deps) {
  const { db, clock } = deps;
  const halls = createHallConfig(deps);
  const catalogue = createCatalogue(deps);
  const counters = createCounterAdmin(deps);
  const staff = createStaffAdmin(deps);

  /**
   * Audit of the changes made by the hall services reused here (roster, displays), which
   * run their own transactions: written right after theirs commits.
   */
  async function auditAfter(ctx: AdminContext, hallId: string, record: Omit<Parameters<typeof writeAudit>[3], 'hallId'>) {
    await writeAudit(db, ctx, clock.now(), { ...record, hallId });
  }

  function me(ctx: AdminContext): Result<{ me: AdminMe }> {
    const a = ctx.account;
    if (a.role !== 'admin') return fail('FORBIDDEN', 'Only admins use the admin console');
    return ok({ me: { id: a.id, username: a.username, displayName: a.displayName, role: a.role, scope: isDistrictAdmin(a) ? 'district' : 'hall', hall: a.hall } });
  }

  async function roster(ctx: AdminContext, hallRef: string, month: string): Promise<Result<{ days: RosterDay[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const { from, to } = monthRange(month);
    return deps.dutyRoster.read(asHallAdmin(ctx.account, hall.data), hall.data.id, from, to);
  }

  async function setRoster(ctx: AdminContext, hallRef: string, body: RosterBody): Promise<Result<{ days: RosterDay[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const result = await deps.dutyRoster.write(asHallAdmin(ctx.account, hall.data), hall.data.id, body);
    if (result.ok) await auditAfter(ctx, hall.data.id, { entity: 'roster', entityId: null, action: 'update', before: null, after: { days: body.days } });
    return result;
  }

  async function devices(ctx: AdminContext, hallRef: string): Promise<Result<{ devices: DisplayDevice[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return deps.displayDevices.list(asHallAdmin(ctx.account, hall.data), hall.data.id);
  }

  async function issueDevice(ctx: AdminContext, hallRef: string, name: string): Promise<Result<{ device: DisplayDevice; key: string }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const result = await deps.displayDevices.issue(asHallAdmin(ctx.account, hall.data), hall.data.id, name);
    if (result.ok) {
      await auditAfter(ctx, hall.data.id, { entity: 'display', entityId: result.data.device.id, action: 'issue', before: null, after: { name } });
    }
    return result;
  }

  async function revokeDevice(ctx: AdminContext, hallRef: string, deviceId: string): Promise<Result<{ device: DisplayDevice }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const result = await deps.displayDevices.revoke(asHallAdmin(ctx.account, hall.data), hall.data.id, deviceId);
    if (result.ok) await auditAfter(ctx, hall.data.id, { entity: 'display', entityId: deviceId, action: 'revoke', before: null, after: null });
    return result;
  }

  async function renameDevice(ctx: AdminContext, hallRef: string, deviceId: string, name: string): Promise<Result<{ device: DisplayDevice }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return deps.runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { deviceId, name } }, async ({ tx, now }) => {
      const [before] = await tx
        .select()
        .from(displayDevices)
        .where(and(eq(displayDevices.id, deviceId), eq(displayDevices.hallId, hall.data.id)))
        .for('update');
      if (!before) refuse('NOT_FOUND', 'Display device not found');
      const [row] = await tx.update(displayDevices).set({ name }).where(eq(displayDevices.id, deviceId)).returning();
      if (!row) refuse('NOT_FOUND', 'Display device not found');
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'display', entityId: deviceId, action: 'rename', before: { name: before.name }, after: { name } });
      return {
        device: { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null },
      };
    });
  }

  async function audit(ctx: AdminContext, hallRef: string, query: AuditQuery): Promise<Result<{ entries: AuditEntry[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return ok({ entries: await readAudit(db, hall.data.id, query) });
  }

  async function auditExport(ctx: AdminContext, hallRef: string, query: AuditQuery): Promise<Result<{ csv: string; slug: string }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return ok({ csv: auditCsv(await readAudit(db, hall.data.id, { ...query, limit: query.limit ?? 1000 })), slug: hall.data.slug });
  }

  async function signIns(ctx: AdminContext, hallRef: string, query: SignInQuery): Promise<Result<{ attempts: SignInEntry[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return ok({ attempts: await readSignIns(db, hall.data.id, query) });
  }

  async function signInExport(ctx: AdminContext, hallRef: string, query: SignInQuery): Promise<Result<{ csv: string; slug: string }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return ok({ csv: signInCsv(await readSignIns(db, hall.data.id, { ...query, limit: query.limit ?? 1000 })), slug: hall.data.slug });
  }

  return {
    me,
    halls,
    outbox: createOutboxAdmin(deps),
    webhooks: createWebhookAdmin(deps),
    services: catalogue,
    counters,
    staff,
    roster,
    setRoster,
    devices,
    issueDevice,
    revokeDevice,
    renameDevice,
    audit,
    auditExport,
    signIns,
    signInExport,
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
