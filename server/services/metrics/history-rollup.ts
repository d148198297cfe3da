import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../db/client';
import { type MetricsDimension, halls, metricsDaily, metricsDimensions, tickets } from '../../../db/schema';
import type { Clock } from '../../domain/clock';
import { addDays, eachDay, startOfLocalDay } from '../../domain/hall-day';
import { localTime } from '../../domain/hall-time';
import { type HallDay, computeDay } from './history-day';
import { type DayFigures, type DayRollup, figureKeys } from './history-figures';

export interface RollupHall {
  id: string;
  timeZone: string;
}

/** Writes one closed hall-day's rows, replacing any earlier rollup of that day. */
export async function rollUpDay(db: Db, hall: RollupHall, day: string, now: Date): Promise<DayRollup> {
  const at: HallDay = { hallId: hall.id, timeZone: hall.timeZone, day };
  const { rollup, excludedRatings } = await computeDay(db, at, now);
  const rows = metricsDimensions.flatMap((dim) =>
    [...rollup[dim]].map(([key, f]) => ({
      hallId: hall.id,
      dim,
      day,
      key,
      ...f,
      excludedRatings: dim === 'hall' ? excludedRatings : 0,
      rolledAt: now,
    })),
  );
  try {
    await db.transaction(async (tx) => {
      await tx.delete(metricsDaily).where(and(eq(metricsDaily.hallId, hall.id), eq(metricsDaily.day, day)));
      for (let i = 0; i < rows.length; i += 500) await tx.insert(metricsDaily).values(rows.slice(i, i + 500));
    });
  } catch (error) {
    // Another process rolled the same day up at the same moment: its rows are the same figures.
    if ((error as { code?: string; cause?: { code?: string } }).code !== '23505' && (error as { cause?: { code?: string } }).cause?.code !== '23505') throw error;
  }
  return rollup;
}

/** The first hall-local day with a ticket, or null for a hall without any. */
export async function firstDayOf(db: Db, hallId: string): Promise<string | null> {
  const [row] = await db.select({ day: sql<string | null>`min(${tickets.day})` }).from(tickets).where(eq(tickets.hallId, hallId));
  return row?.day ?? null;
}

/** Days of the range that are rolled up, with the excluded-rating count seen then. */
export async function rolledDays(db: Db, hallId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ day: metricsDaily.day, excluded: metricsDaily.excludedRatings })
    .from(metricsDaily)
    .where(and(eq(metricsDaily.hallId, hallId), eq(metricsDaily.dim, 'hall'), gte(metricsDaily.day, from), lte(metricsDaily.day, to)));
  return new Map(rows.map((r) => [r.day, r.excluded]));
}

/**
 * Excluded ratings per hall-local day now: an appeal upheld after a day was rolled up makes
 * the count differ from the stored one, and that day is rolled up again. Appealed ratings
 * are few, and a partial index holds just them.
 */
export async function excludedNow(db: Db, hall: RollupHall, from: string, to: string): Promise<Map<string, number>> {
  const start = startOfLocalDay(from, hall.timeZone).toISOString();
  const end = startOfLocalDay(addDays(to, 1), hall.timeZone).toISOString();
  const rows = rowsOf<{ day: string; n: number }>(
    await db.execute(sql`
      select to_char(at at time zone ${hall.timeZone}, 'YYYY-MM-DD') as day, count(*)::int as n from ratings
      where hall_id = ${hall.id} and excluded and at >= ${start}::timestamptz and at < ${end}::timestamptz group by 1`),
  );
  return new Map(rows.map((r) => [r.day, Number(r.n)]));
}

const columnOf = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const figureColumns = sql.raw(figureKeys.map(columnOf).join(', '));

const periodSql = {
  day: sql.raw(`to_char(day, 'YYYY-MM-DD')`),
  week: sql.raw(`to_char(date_trunc('week', day), 'YYYY-MM-DD')`),
  month: sql.raw(`to_char(date_trunc('month', day), 'YYYY-MM-DD')`),
  all: sql.raw(`''`),
};
const sums = sql.raw(figureKeys.map((k) => `sum(${columnOf(k)})`).join(', '));
// One row as JSON text, ["period","key",n,n,...]: concatenating text is about twice as fast in
// PostgreSQL as json_build_array, and numbers print the same (float8out, int8out) either way.
const jsonRow = sql.raw(`concat('[', to_json(period)::text, ',', to_json(key)::text, ',', concat_ws(',', ${figureKeys.map(columnOf).join(', ')}), ']')`);

/** A figures object from the numbers of one row, in figureKeys order. */
function figuresOf(values: unknown[]): DayFigures {
  const f = {} as DayFigures;
  for (let i = 0; i < figureKeys.length; i += 1) f[figureKeys[i] as keyof DayFigures] = Number(values[i + 2] ?? 0);
  return f;
}

/**
 * The rollup rows of a range summed by period (the ISO week's Monday — date_trunc's week is
 * ISO — the month's first day, or one row for 'all') and key, in the database. A day is
 * already one row per key (the primary key), so by day nothing is summed. The rows come back
 * as one JSON text: a year by staff is thousands of rows of 30 numbers, and one JSON.parse
 * reads them several times faster than the driver decoding every column of every row.
 */
export async function readRollups(
  db: Db,
  hallId: string,
  dim: MetricsDimension,
  from: string,
  to: string,
  groupBy: keyof typeof periodSql,
): Promise<{ period: string; key: string; figures: DayFigures }[]> {
  const source =
    groupBy === 'day'
      ? sql`select ${periodSql.day} as period, key, ${figureColumns} from metrics_daily
          where hall_id = ${hallId} and dim = ${dim} and day >= ${from} and day <= ${to}`
      : sql`select ${periodSql[groupBy]} as period, key, ${sums} from metrics_daily
          where hall_id = ${hallId} and dim = ${dim} and day >= ${from} and day <= ${to}
          group by 1, 2`;
  const [row] = rowsOf<{ rows: string | null }>(
    await db.execute(sql`select '[' || string_agg(${jsonRow}, ',') || ']' as rows from (${source}) as x(period, key, ${figureColumns})`),
  );
  const raw = row?.rows ? (JSON.parse(row.rows) as unknown[][]) : [];
  return raw.map((values) => ({ period: values[0] as string, key: values[1] as string, figures: figuresOf(values) }));
}

/**
 * Rolls up every closed day (yesterday and before, in the hall's time zone) from the hall's
 * first ticket that is not rolled up yet. Run at boot, every few minutes (so shortly after
 * each hall's midnight), and by the simulator. Returns how many hall-days it wrote.
 */
export async function rollUpClosedDays(db: Db, clock: Clock, only?: string): Promise<number> {
  const hallRows = await db.select({ id: halls.id, timeZone: halls.timeZone }).from(halls);
  let written = 0;
  for (const hall of hallRows) {
    if (only && hall.id !== only) continue;
    const first = await firstDayOf(db, hall.id);
    if (!first) continue;
    const yesterday = addDays(localTime(clock.now(), hall.timeZone).day, -1);
    if (first > yesterday) continue;
    const have = await rolledDays(db, hall.id, first, yesterday);
    for (const day of eachDay(first, yesterday)) {
      if (have.has(day)) continue;
      await rollUpDay(db, hall, day, clock.now());
      written += 1;
    }
  }
  return written;
}

/** Keeps the rollups current while the process runs; the returned function stops it. */
export function startRollupJob(db: Db, clock: Clock, everyMs = 10 * 60_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    rollUpClosedDays(db, clock)
      .catch((error: unknown) => console.error('history rollup failed', error))
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
