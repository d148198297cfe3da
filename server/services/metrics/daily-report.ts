import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conditionalAcceptances, settingsOf, workOrders } from '../../../db/schema';
import type { DailyReport, DailyRow } from '../../contracts/daily-report';
import type { HistoryReport } from '../../contracts/metrics-history';
import type { Clock } from '../../domain/clock';
import { dailyFlags } from '../../domain/daily-flags';
import { addDays } from '../../domain/hall-day';
import { localTime } from '../../domain/hall-time';
import { shiftDay, startOfLocalDay } from '../../domain/local-day';
import { ratingShares } from '../../domain/rating-shares';
import type { StaffActor } from '../actors';
import { type Result, fail, ok } from '../result';
import type { HistoryService } from './history';
import type { LiveMetricsService } from './live';

const rowsOf = (report: HistoryReport): DailyRow[] =>
  report.keys.flatMap(({ key, label }) => {
    const row = report.rows.find((r) => r.key === key);
    if (!row) return [];
    const { period: _p, key: _k, ...figures } = row;
    return [{ key, label, figures, ratings: ratingShares(figures.levels) }];
  });

/**
 * 晨会日报: yesterday (or any day) of one hall on one page. Every figure of the day is read
 * through the history service (the same rollups and definitions as /leader/history), so the
 * report and history can never disagree; only the open items are read as they stand now.
 */
export function createDailyReportService(deps: { db: Db; clock: Clock; history: HistoryService; liveMetrics: LiveMetricsService }) {
  const { db, clock, history, liveMetrics } = deps;

  async function countBetween(hallId: string, start: Date, end: Date) {
    const [conditional, orders] = await Promise.all([
      db
        .select({ n: count() })
        .from(conditionalAcceptances)
        .where(and(eq(conditionalAcceptances.hallId, hallId), gte(conditionalAcceptances.createdAt, start), lt(conditionalAcceptances.createdAt, end))),
      db
        .select({ n: count() })
        .from(workOrders)
        .where(and(eq(workOrders.hallId, hallId), gte(workOrders.openedAt, start), lt(workOrders.openedAt, end))),
    ]);
    return { conditional: conditional[0]?.n ?? 0, workOrders: orders[0]?.n ?? 0 };
  }

  async function report(actor: StaffActor, hallRef: string | undefined, dayWanted: string | undefined): Promise<Result<DailyReport>> {
    const own = await liveMetrics.authorise(actor, hallRef ?? actor.hallId);
    if (!own.ok) return own;
    const hall = own.data;
    const now = clock.now();
    const today = localTime(now, hall.timeZone).day;
    const day = dayWanted ?? addDays(today, -1);
    if (day > today) return fail('VALIDATION', 'The day has not begun in the hall', { reason: 'future_day' });
    const q = { from: day, to: day, groupBy: 'day' as const };
    const start = startOfLocalDay(day, hall.timeZone);
    const end = startOfLocalDay(shiftDay(day, 1), hall.timeZone);
    const [byHall, byService, byCounter, live, made, visible] = await Promise.all([
      history.reportOf(hall, { ...q, by: 'hall' }),
      history.reportOf(hall, { ...q, by: 'service' }),
      history.reportOf(hall, { ...q, by: 'counter' }),
      liveMetrics.hallMetrics(actor, hall.id),
      countBetween(hall.id, start, end),
      liveMetrics.visibleHalls(actor),
    ]);
    if (!live.ok) return live;
    const totals = byHall.totals;
    const services = rowsOf(byService);
    const counters = rowsOf(byCounter);
    const waitTargetMinutes = settingsOf(hall).waitTargetMinutes;
    return ok({
      hall: { id: hall.id, slug: hall.slug, name: hall.name },
      halls: visible.map((h) => ({ slug: h.slug, name: h.name })),
      day,
      isToday: day === today,
      generatedAt: now.toISOString(),
      waitTargetMinutes,
      totals,
      ratings: ratingShares(totals.levels),
      services,
      counters,
      governance: {
        refusals: totals.refusals,
        refusalsApproved: totals.refusalsApproved,
        cases: totals.cases,
        conditional: made.conditional,
        workOrders: made.workOrders,
        now: live.data.governance,
      },
      flags: dailyFlags({
        waitTargetMinutes,
        services: services.map((s) => ({ label: s.label ?? '', avgWaitMinutes: s.figures.avgWaitMinutes })),
        counters: counters.filter((c) => c.label !== null).map((c) => ({ label: c.label ?? '', bad: c.ratings.bad })),
        now: live.data.governance,
      }),
    });
  }

  return { report };
}

export type DailyReportService = ReturnType<typeof createDailyReportService>;
