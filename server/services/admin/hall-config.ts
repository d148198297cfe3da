import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { type HallSettings, defaultHallSettings, halls, settingsOf } from '../../../db/schema';
import type {
  AdminHall,
  HallCreateBody,
  HallSettingsFields,
  HallSettingsPatch,
  HallUpdateBody,
  NoticesBody,
  NoticesResponse,
} from '../../contracts/admin';
import type { RunCommand } from '../command';
import type { HallRow } from '../lookups';
import { type Result, fail, ok, refuse } from '../result';
import { type AdminContext, adminActorId, adminHall, isDistrictAdmin } from './access';
import { writeAudit } from './audit';

export function toAdminHall(row: HallRow): AdminHall {
  const settings = settingsOf(row);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    address: row.address,
    timeZone: row.timeZone,
    openingHours: settings.openingHours,
    calendar: settings.calendar,
    districtHalls: settings.districtHalls,
    createdAt: row.createdAt.toISOString(),
  };
}

const settingKeys = [
  'priorityInterleave',
  'agingMinutes',
  'enforceHours',
  'requireDeviceKey',
  'caseReplyHours',
  'defaultDutyLeader',
  'conditionalMaxDays',
  'conditionalReminderDays',
  'nearlyAhead',
  'delayMinutes',
  'delayMaxPlaces',
  'delayLimit',
  'rejoinMinutes',
  'rejoinLimit',
  'smsOnCall',
  'smsNearlyAhead',
  'smsNoShow',
  'smsConditional',
  'smsRatingAnswer',
  'rectification',
  'appointments',
  'waitTargetMinutes',
  'pauseFlagMinutes',
  'idleFlagMinutes',
  'badRatingStreak',
  'ticketsPerPhonePerDay',
  'ticketsPerIpPerHour',
  'staffIdleMinutes',
  'appointmentsPerPhonePerDay',
  'appointmentsPerIpPerDay',
  'casesPerPhonePerDay',
  'casesPerIpPerDay',
  'contactRetentionDays',
  'caseRetentionDays',
] as const satisfies ReadonlyArray<keyof HallSettingsFields>;

function namedSettings(settings: HallSettings): HallSettingsFields {
  const out: Record<string, unknown> = {};
  for (const key of settingKeys) out[key] = settings[key];
  return out as HallSettingsFields;
}

function noticesOf(row: HallRow): NoticesResponse {
  const s = settingsOf(row);
  return { notices: s.notices, callTemplate: s.callTemplate, callRepeat: s.callRepeat, urgentNotice: s.urgentNotice };
}

export function createHallConfig({ db, runCommand }: { db: Db; runCommand: RunCommand }) {
  /** Locks the hall row and returns it as it stands inside the transaction. */
  async function lockedHall(tx: Parameters<Parameters<RunCommand>[1]>[0]['tx'], hallId: string): Promise<HallRow> {
    const [row] = await tx.select().from(halls).where(eq(halls.id, hallId)).for('update');
    if (!row) refuse('NOT_FOUND', 'Hall not found');
    return row;
  }

  /** Writes a hall change with its audit row and a `config.changed` event, in one transaction. */
  async function changeHall<T>(
    ctx: AdminContext,
    hall: HallRow,
    entity: 'hall' | 'settings' | 'notices',
    action: string,
    request: unknown,
    change: (row: HallRow) => Partial<typeof halls.$inferInsert>,
    answer: (row: HallRow) => T,
    audited: (row: HallRow) => Record<string, unknown>,
  ): Promise<Result<T>> {
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.id, request }, async ({ tx, now, emit }) => {
      const before = await lockedHall(tx, hall.id);
      const [after] = await tx.update(halls).set(change(before)).where(eq(halls.id, hall.id)).returning();
      if (!after) refuse('NOT_FOUND', 'Hall not found');
      await writeAudit(tx, ctx, now, { hallId: hall.id, entity, entityId: hall.id, action, before: audited(before), after: audited(after) });
      emit({ type: 'config.changed', data: { entity, id: hall.id } });
      return answer(after);
    });
  }

  const hallAudit = (row: HallRow) => ({ ...toAdminHall(row), createdAt: undefined });

  async function list(ctx: AdminContext): Promise<Result<{ halls: AdminHall[] }>> {
    if (ctx.account.role !== 'admin') return fail('FORBIDDEN', 'Only admins manage halls');
    const rows = isDistrictAdmin(ctx.account)
      ? await db.select().from(halls).orderBy(asc(halls.createdAt), asc(halls.slug))
      : await db.select().from(halls).where(inArray(halls.id, [ctx.account.hallId ?? '']));
    return ok({ halls: rows.map(toAdminHall) });
  }

  async function create(ctx: AdminContext, body: HallCreateBody): Promise<Result<{ hall: AdminHall }>> {
    if (!isDistrictAdmin(ctx.account)) return fail('FORBIDDEN', 'Only a district admin creates halls');
    const [taken] = await db.select({ id: halls.id }).from(halls).where(eq(halls.slug, body.slug));
    if (taken) return fail('CONFLICT', 'A hall with this slug exists', { reason: 'SLUG_TAKEN' });
    // The id is chosen first: the hall's first event is appended in the transaction that creates it.
    const id = randomUUID();
    return runCommand({ actor: adminActorId(ctx.account), hallId: id, request: body }, async ({ tx, now, emit }) => {
      const settings: HallSettings = { ...defaultHallSettings, openingHours: body.openingHours ?? [] };
      const [row] = await tx
        .insert(halls)
        .values({ id, slug: body.slug, name: body.name, address: body.address, timeZone: body.timeZone, settings, createdAt: now })
        .returning();
      if (!row) refuse('UNAVAILABLE', 'The hall was not saved');
      await writeAudit(tx, ctx, now, { hallId: id, entity: 'hall', entityId: id, action: 'create', before: null, after: hallAudit(row) });
      emit({ type: 'config.changed', data: { entity: 'hall', id } });
      return { hall: toAdminHall(row) };
    });
  }

  async function get(ctx: AdminContext, hallRef: string): Promise<Result<{ hall: AdminHall }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    return hall.ok ? ok({ hall: toAdminHall(hall.data) }) : hall;
  }

  async function update(ctx: AdminContext, hallRef: string, body: HallUpdateBody): Promise<Result<{ hall: AdminHall }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    if (body.districtHalls?.includes(hall.data.slug)) return fail('VALIDATION', 'A hall does not oversee itself');
    if (body.districtHalls && body.districtHalls.length > 0) {
      const known = await db.select({ slug: halls.slug }).from(halls).where(inArray(halls.slug, body.districtHalls));
      const missing = body.districtHalls.find((slug) => !known.some((k) => k.slug === slug));
      if (missing) return fail('VALIDATION', `No hall ${missing}`, { reason: 'UNKNOWN_HALL', details: { slug: missing } });
    }
    return changeHall(
      ctx,
      hall.data,
      'hall',
      'update',
      body,
      (row) => {
        const settings = settingsOf(row);
        return {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.address !== undefined ? { address: body.address } : {}),
          ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
          settings: {
            ...settings,
            ...(body.openingHours ? { openingHours: body.openingHours } : {}),
            ...(body.calendar ? { calendar: body.calendar } : {}),
            ...(body.districtHalls ? { districtHalls: body.districtHalls } : {}),
          },
        };
      },
      (row) => ({ hall: toAdminHall(row) }),
      hallAudit,
    );
  }

  async function settings(ctx: AdminContext, hallRef: string): Promise<Result<{ settings: HallSettingsFields; defaults: HallSettingsFields }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return ok({ settings: namedSettings(settingsOf(hall.data)), defaults: namedSettings(defaultHallSettings) });
  }

  async function patchSettings(
    ctx: AdminContext,
    hallRef: string,
    patch: HallSettingsPatch,
  ): Promise<Result<{ settings: HallSettingsFields; defaults: HallSettingsFields }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return changeHall(
      ctx,
      hall.data,
      'settings',
      'update',
      patch,
      (row) => {
        const current = settingsOf(row);
        const { rectification, appointments, ...flat } = patch;
        return {
          settings: {
            ...current,
            ...flat,
            rectification: { ...current.rectification, ...rectification },
            appointments: { ...current.appointments, ...appointments },
          },
        };
      },
      (row) => ({ settings: namedSettings(settingsOf(row)), defaults: namedSettings(defaultHallSettings) }),
      (row) => namedSettings(settingsOf(row)) as unknown as Record<string, unknown>,
    );
  }

  async function notices(ctx: AdminContext, hallRef: string): Promise<Result<NoticesResponse>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    return hall.ok ? ok(noticesOf(hall.data)) : hall;
  }

  async function setNotices(ctx: AdminContext, hallRef: string, body: NoticesBody): Promise<Result<NoticesResponse>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return changeHall(
      ctx,
      hall.data,
      'notices',
      'update',
      body,
      (row) => ({ settings: { ...settingsOf(row), ...body } }),
      noticesOf,
      (row) => noticesOf(row),
    );
  }

  /** Posts (or clears, with null) the notice every screen of the hall shows at once. */
  async function setUrgent(ctx: AdminContext, hallRef: string, text: string | null): Promise<Result<NoticesResponse>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { text } }, async ({ tx, now, emit }) => {
      const before = await lockedHall(tx, hall.data.id);
      const [after] = await tx
        .update(halls)
        .set({ settings: { ...settingsOf(before), urgentNotice: text } })
        .where(eq(halls.id, hall.data.id))
        .returning();
      if (!after) refuse('NOT_FOUND', 'Hall not found');
      await writeAudit(tx, ctx, now, {
        hallId: hall.data.id,
        entity: 'notices',
        entityId: hall.data.id,
        action: text === null ? 'urgent.clear' : 'urgent.post',
        before: { urgentNotice: settingsOf(before).urgentNotice },
        after: { urgentNotice: text },
      });
      emit({ type: 'hall.urgent', data: { urgentNotice: text } });
      return noticesOf(after);
    });
  }

  return { list, create, get, update, settings, patchSettings, notices, setNotices, setUrgent };
}
