import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { dutyRoster, settingsOf, staff } from '../../db/schema';
import type { RosterBody, RosterDay } from '../contracts/governance';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { type StaffActor, actorId } from './actors';
import type { RunCommand } from './command';
import { type HallRow, findHall } from './lookups';
import { type Result, fail, ok, refuse } from './result';

const maxRangeDays = 92;
const dayMs = 86_400_000;

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export interface StaffRef {
  id: string;
  displayName: string;
}

/**
 * 领导值班: who is on duty on a day. A roster entry wins; a day without one falls back
 * to the hall's default duty leader (a setting), so a hall with one usual leader need not
 * fill in every day ahead. The demo halls use that rule.
 */
export async function dutyLeaderOn(db: DbOrTx, hall: HallRow, day: string): Promise<{ staff: StaffRef; source: 'roster' | 'default' } | null> {
  const [row] = await db
    .select({ id: staff.id, displayName: staff.displayName })
    .from(dutyRoster)
    .innerJoin(staff, eq(staff.id, dutyRoster.staffId))
    .where(and(eq(dutyRoster.hallId, hall.id), eq(dutyRoster.day, day)));
  if (row) return { staff: row, source: 'roster' };
  const fallback = await defaultDutyLeader(db, hall);
  return fallback ? { staff: fallback, source: 'default' } : null;
}

async function defaultDutyLeader(db: DbOrTx, hall: HallRow): Promise<StaffRef | null> {
  const fallback = settingsOf(hall).defaultDutyLeader;
  if (!fallback) return null;
  const [leader] = await db
    .select({ id: staff.id, displayName: staff.displayName })
    .from(staff)
    .where(and(eq(staff.hallId, hall.id), eq(staff.username, fallback), eq(staff.role, 'leader'), eq(staff.active, true)));
  return leader ?? null;
}

export function createDutyRosterService({ db, clock, runCommand }: { db: Db; clock: Clock; runCommand: RunCommand }) {
  async function hallFor(actor: StaffActor, hallRef: string, roles: readonly string[]): Promise<Result<HallRow>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId || !roles.includes(actor.role)) return fail('FORBIDDEN', 'Only the hall\'s leaders and admins see its roster');
    return ok(hall);
  }

  async function read(actor: StaffActor, hallRef: string, from: string, to: string): Promise<Result<{ days: RosterDay[] }>> {
    const hall = await hallFor(actor, hallRef, ['leader', 'admin']);
    if (!hall.ok) return hall;
    const days = daysBetween(from, to);
    if (days.length === 0 || days.length > maxRangeDays) return fail('VALIDATION', `Give from ≤ to, at most ${maxRangeDays} days`);
    const rows = await db
      .select({ day: dutyRoster.day, id: staff.id, displayName: staff.displayName })
      .from(dutyRoster)
      .innerJoin(staff, eq(staff.id, dutyRoster.staffId))
      .where(and(eq(dutyRoster.hallId, hall.data.id), gte(dutyRoster.day, from), lte(dutyRoster.day, to)));
    const byDay = new Map(rows.map((r) => [r.day, { id: r.id, displayName: r.displayName }]));
    const fallback = await defaultDutyLeader(db, hall.data);
    return ok({
      days: days.map((day) => {
        const set = byDay.get(day);
        if (set) return { day, staff: set, source: 'roster' as const };
        return fallback ? { day, staff: fallback, source: 'default' as const } : { day, staff: null, source: null };
      }),
    });
  }

  /** The admin sets (or, with staffId null, clears) the leader on duty for some days. */
  async function write(actor: StaffActor, hallRef: string, body: RosterBody, key?: string): Promise<Result<{ days: RosterDay[] }>> {
    const hall = await hallFor(actor, hallRef, ['admin']);
    if (!hall.ok) return hall;
    const hallId = hall.data.id;
    const sorted = body.days.map((d) => d.day).sort();
    const span = daysBetween(sorted[0] ?? '', sorted[sorted.length - 1] ?? '').length;
    if (span > maxRangeDays) return fail('VALIDATION', `Set at most ${maxRangeDays} days at a time`);
    const done = await runCommand({ actor: actorId(actor), hallId, idempotencyKey: key, request: { op: 'roster', hallId, body } }, async ({ tx, emit }) => {
      const ids = [...new Set(body.days.flatMap((d) => (d.staffId ? [d.staffId] : [])))];
      if (ids.length > 0) {
        const leaders = await tx
          .select({ id: staff.id })
          .from(staff)
          .where(and(inArray(staff.id, ids), eq(staff.hallId, hallId), eq(staff.role, 'leader'), eq(staff.active, true)));
        if (leaders.length !== ids.length) refuse('VALIDATION', 'Only active leaders of this hall can be on duty');
      }
      for (const entry of body.days) {
        await tx.delete(dutyRoster).where(and(eq(dutyRoster.hallId, hallId), eq(dutyRoster.day, entry.day)));
        if (entry.staffId) await tx.insert(dutyRoster).values({ hallId, day: entry.day, staffId: entry.staffId });
      }
      emit({ type: 'duty.rostered', data: { days: body.days.map((d) => d.day) } });
      return null;
    });
    if (!done.ok) return done;
    return read(actor, hallRef, sorted[0] ?? '', sorted[sorted.length - 1] ?? '');
  }

  /** Today's duty leader of a hall, in the hall's own time zone. */
  async function today(hall: HallRow) {
    return dutyLeaderOn(db, hall, localTime(clock.now(), hall.timeZone).day);
  }

  return { read, write, today };
}

export type DutyRosterService = ReturnType<typeof createDutyRosterService>;
