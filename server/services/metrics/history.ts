import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { type MetricsDimension, counters, services, staff } from '../../../db/schema';
import type { HistoryFigures, HistoryQuery, HistoryReport } from '../../contracts/metrics-history';
import type { Clock } from '../../domain/clock';
import { addDays, eachDay, monthStart, weekStart } from '../../domain/hall-day';
import { localTime } from '../../domain/hall-time';
import { goodShareOf } from '../../domain/visit-outcome';
import type { StaffActor } from '../actors';
import { type HallRow, findHall } from '../lookups';
import { type Result, fail, ok } from '../result';
import { computeDay } from './history-day';
import { type DayFigures, type DayRollup, addFigures, emptyFigures } from './history-figures';
import { excludedNow, firstDayOf, readRollups, rollUpDay, rolledDays } from './history-rollup';

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const avg = (sum: number, n: number, digits = 2) => (n === 0 ? null : round(sum / n, digits));
const minutes = (seconds: number, n: number) => (n === 0 ? null : round(seconds / n / 60, 2));

/** Sums and counts to the figures a reader sees: averages, rates and shares. */
export function toFigures(f: DayFigures, dim: MetricsDimension): HistoryFigures {
  const counterTime = dim !== 'service';
  const levels = {
    very_satisfied: f.verySatisfied,
    satisfied: f.satisfied,
    basically_satisfied: f.basicallySatisfied,
    dissatisfied: f.dissatisfied,
    very_dissatisfied: f.veryDissatisfied,
  };
  return {
    issued: f.issued,
    called: f.called,
    served: f.served,
    noShows: f.noShows,
    cancelled: f.cancelled,
    transferred: f.transferred,
    noShowRate: avg(f.noShows, f.called, 4),
    avgWaitMinutes: minutes(f.waitSeconds, f.waitCount),
    avgWalkMinutes: minutes(f.walkSeconds, f.walkCount),
    avgServiceMinutes: minutes(f.serviceSeconds, f.serviceCount),
    openMinutes: counterTime ? round(f.openSeconds / 60, 1) : null,
    idleMinutes: counterTime ? round(f.idleSeconds / 60, 1) : null,
    rated: f.rated,
    levels,
    satisfiedShare: avg(f.verySatisfied + f.satisfied, f.rated, 4),
    goodShare: goodShareOf(levels),
    badRatings: f.dissatisfied + f.veryDissatisfied,
    avgEfficiency: avg(f.efficiencySum, f.efficiencyCount),
    avgServiceLevel: avg(f.serviceLevelSum, f.serviceLevelCount),
    avgAttitude: avg(f.attitudeSum, f.attitudeCount),
    refusals: f.refusals,
    refusalsApproved: f.refusalsApproved,
    cases: f.cases,
  };
}

export const periodOf: Record<HistoryQuery['groupBy'], (day: string) => string> = {
  day: (d) => d,
  week: weekStart,
  month: monthStart,
};

export interface HistoryDeps {
  db: Db;
  clock: Clock;
  /** Tests compare the rollups with this: every day computed from the raw tables. */
  forceLive?: boolean;
}

async function labelsOf(db: Db, hallId: string, dim: MetricsDimension): Promise<Map<string, string>> {
  if (dim === 'service') {
    const rows = await db.select().from(services).where(eq(services.hallId, hallId)).orderBy(asc(services.sortOrder), asc(services.prefix));
    return new Map(rows.map((r) => [r.id, `${r.prefix} ${r.name}`]));
  }
  if (dim === 'counter') {
    const rows = await db.select().from(counters).where(eq(counters.hallId, hallId)).orderBy(asc(counters.number));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (dim === 'staff') {
    const rows = await db.select().from(staff).where(eq(staff.hallId, hallId)).orderBy(asc(staff.username));
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }
  return new Map();
}

/**
 * History for a hall (历史数据): closed days come from the daily rollups (a missing or stale
 * day is rolled up on the way), today is computed live from the raw tables, and the days
 * are summed into periods. Leaders and admins of the hall only.
 */
export function createHistoryService({ db, clock, forceLive = false }: HistoryDeps) {
  async function report(actor: StaffActor, hallRef: string, q: HistoryQuery): Promise<Result<HistoryReport>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId || (actor.role !== 'leader' && actor.role !== 'admin')) {
      return fail('FORBIDDEN', "Only the hall's leaders and admins see its history");
    }
    return ok(await reportOf(hall, q));
  }

  /**
   * The history of a hall the caller has authorised: the daily report (晨会日报) reads the
   * district's halls through it, so its figures are history's by construction.
   */
  async function reportOf(hall: HallRow, q: HistoryQuery): Promise<HistoryReport> {
    const now = clock.now();
    const today = localTime(now, hall.timeZone).day;
    const lastClosed = q.to < today ? q.to : addDays(today, -1);
    const hasClosed = q.from <= lastClosed && !forceLive;
    // Today is read from the raw tables while the rollups are read: it does not wait for them.
    const todayLive = q.from <= today && today <= q.to ? computeDay(db, { hallId: hall.id, timeZone: hall.timeZone, day: today }, now) : null;
    // The rollups are read at the same time as the stale check: nearly always every day is
    // rolled up and current, and the read stands; if a day had to be rolled up, it is read again.
    const readAll = () =>
      Promise.all([
        hasClosed ? readRollups(db, hall.id, q.by, q.from, lastClosed, q.groupBy) : [],
        hasClosed ? readRollups(db, hall.id, 'hall', q.from, lastClosed, 'all') : [],
      ]);
    const [first, todayFigures, rolled, excluded, labels, read] = await Promise.all([
      firstDayOf(db, hall.id),
      todayLive,
      hasClosed ? rolledDays(db, hall.id, q.from, lastClosed) : new Map<string, number>(),
      hasClosed ? excludedNow(db, hall, q.from, lastClosed) : new Map<string, number>(),
      labelsOf(db, hall.id, q.by),
      readAll(),
    ]);
    // Closed days not rolled up yet, or made stale by an appeal, are rolled up first (so this
    // read and the next are fast); today is computed live and never stored.
    const fresh = new Map<string, DayRollup>();
    const lastDay = q.to < today ? q.to : today;
    const start = first && first > q.from ? first : q.from;
    let rolledNow = false;
    for (const day of first ? eachDay(start, lastDay) : []) {
      if (day === today && todayFigures) fresh.set(day, todayFigures.rollup);
      else if (forceLive) fresh.set(day, (await computeDay(db, { hallId: hall.id, timeZone: hall.timeZone, day }, now)).rollup);
      else if (!rolled.has(day) || rolled.get(day) !== (excluded.get(day) ?? 0)) {
        await rollUpDay(db, hall, day, now);
        rolledNow = true;
      }
    }
    const [rows, hallTotals] = rolledNow ? await readAll() : read;
    const byPeriod = new Map<string, Map<string, DayFigures>>();
    const totals = emptyFigures();
    // owned: the figures are fresh objects of this call (the rollup rows), kept as they are
    // the first time a period and key is seen rather than copied into a new zero object.
    const add = (period: string, key: string, f: DayFigures, owned = false) => {
      let keys = byPeriod.get(period);
      if (!keys) byPeriod.set(period, (keys = new Map<string, DayFigures>()));
      const into = keys.get(key);
      if (into) addFigures(into, f);
      else if (owned) keys.set(key, f);
      else {
        const copy = emptyFigures();
        addFigures(copy, f);
        keys.set(key, copy);
      }
    };
    for (const r of rows) add(r.period, r.key, r.figures, true);
    for (const r of hallTotals) addFigures(totals, r.figures);
    for (const [day, rollup] of fresh) {
      for (const [key, f] of rollup[q.by]) add(periodOf[q.groupBy](day), key, f);
      addFigures(totals, rollup.hall.get('') ?? emptyFigures());
    }
    const periods = [...new Set(eachDay(q.from, q.to).map(periodOf[q.groupBy]))];
    const seen = new Set<string>();
    for (const keys of byPeriod.values()) for (const key of keys.keys()) seen.add(key);
    // The hall's own order (service order, counter number, username), the unattributed last.
    const order = new Map([...labels.keys()].map((key, i) => [key, i]));
    const rank = (key: string) => order.get(key) ?? -1;
    const keys = [...seen]
      .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : rank(a) - rank(b)))
      .map((key) => ({ key, label: q.by === 'hall' ? hall.name : (labels.get(key) ?? null) }));
    const out = periods.flatMap((period) =>
      keys.flatMap(({ key }) => {
        const f = byPeriod.get(period)?.get(key);
        return f ? [{ period, key, ...toFigures(f, q.by) }] : [];
      }),
    );
    return {
      hall: { id: hall.id, slug: hall.slug, name: hall.name },
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      by: q.by,
      periods,
      keys,
      rows: out,
      totals: toFigures(totals, 'hall'),
      generatedAt: now.toISOString(),
    };
  }

  /** The hall-local date now: where a page's default range ends. */
  async function today(hallRef: string): Promise<string | null> {
    const hall = await findHall(db, hallRef);
    return hall ? localTime(clock.now(), hall.timeZone).day : null;
  }

  return { report, reportOf, today };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
