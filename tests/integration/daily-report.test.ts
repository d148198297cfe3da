// Drivers: both. Why: the daily report reads history's rollups and counts governance rows by hall-local day (SQL over zones).
/**
 * 晨会日报: for every day of a small multi-day fixture, the report's figures equal what
 * /leader/history answers for the same day (hall, per service, per counter), the 好评率 and
 * 差评 follow the provinces' definition from the same levels, the governance items of the
 * day are counted, and only leaders of the hall's district may read it.
 */
import { and, count, eq, gte, lt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalAcceptances, workOrders } from '../../db/schema';
import type { HistoryReport } from '../../server/contracts/metrics-history';
import { createFakeClock } from '../../server/domain/clock';
import { shiftDay, startOfLocalDay } from '../../server/domain/local-day';
import type { HallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { playHistory } from '../support/history-fixture';
import { must } from '../support/http-client';
import { unwrap } from '../support/results';

const days = [
  { day: '2026-03-02', extra: 1 },
  { day: '2026-03-03', extra: 3 },
  { day: '2026-03-04', extra: 0 },
];
const clock = createFakeClock('2026-03-01T00:00:00Z');
const { handle, server } = withHallServer({ clock });
let hall: HallFixture;

beforeAll(async () => {
  hall = await playHistory(handle.db, server.services, clock, days);
  clock.set('2026-03-05T01:00:00Z'); // 09:00 in the hall: the morning meeting of the 5th
}, 120_000);

const historyOf = async (day: string, by: 'hall' | 'service' | 'counter') =>
  unwrap(await server.services.history.report(hall.leader, hall.slug, { from: day, to: day, groupBy: 'day', by }));
const figuresOf = (row: HistoryReport['rows'][number]) => {
  const { period: _p, key: _k, ...figures } = row;
  return figures;
};

describe('daily report', () => {
  it('defaults to yesterday in the hall and equals history for every day, per hall, service and counter', async () => {
    const yesterday = unwrap(await server.services.dailyReport.report(hall.leader, undefined, undefined));
    expect(yesterday.day).toBe('2026-03-04');
    expect(yesterday.hall.slug).toBe(hall.slug);
    for (const { day } of days) {
      const report = unwrap(await server.services.dailyReport.report(hall.leader, hall.slug, day));
      const [byHall, byService, byCounter] = await Promise.all([historyOf(day, 'hall'), historyOf(day, 'service'), historyOf(day, 'counter')]);
      expect(report.totals).toEqual(figuresOf(must(byHall.rows[0])));
      expect(report.services.map((s) => [s.key, s.label, s.figures])).toEqual(
        byService.rows.map((r) => [r.key, byService.keys.find((k) => k.key === r.key)?.label, figuresOf(r)]),
      );
      expect(report.counters.map((c) => [c.key, c.figures])).toEqual(byCounter.rows.map((r) => [r.key, figuresOf(r)]));
    }
    // The fixture's figures are not all zero: the comparison above compared something.
    const busy = unwrap(await server.services.dailyReport.report(hall.leader, hall.slug, '2026-03-03'));
    expect(busy.totals).toMatchObject({ issued: 8, served: 5, noShows: 1, refusals: 1, refusalsApproved: 1, cases: 1 });
  });

  it('counts 好评 as 非常满意+满意+基本满意 and 差评 as 不满意+非常不满意, and flags the counter with 差评', async () => {
    const report = unwrap(await server.services.dailyReport.report(hall.leader, hall.slug, '2026-03-03'));
    const l = report.totals.levels;
    const good = l.very_satisfied + l.satisfied + l.basically_satisfied;
    const bad = l.dissatisfied + l.very_dissatisfied;
    expect(l.basically_satisfied).toBeGreaterThan(0);
    expect(bad).toBeGreaterThan(0);
    expect(report.ratings).toEqual({ rated: report.totals.rated, good, bad, goodRate: good / (good + bad), badRate: bad / (good + bad) });
    const flagged = report.flags.filter((f) => f.kind === 'bad_ratings');
    expect(flagged.reduce((n, f) => n + (f.kind === 'bad_ratings' ? f.count : 0), 0)).toBe(bad);
  });

  it('counts the day\'s 容缺 and 整改 items by the hall-local day and reports what is open now', async () => {
    for (const { day } of days) {
      const report = unwrap(await server.services.dailyReport.report(hall.leader, hall.slug, day));
      const start = startOfLocalDay(day, 'Asia/Shanghai');
      const end = startOfLocalDay(shiftDay(day, 1), 'Asia/Shanghai');
      const [c] = await handle.db
        .select({ n: count() })
        .from(conditionalAcceptances)
        .where(and(eq(conditionalAcceptances.hallId, hall.hallId), gte(conditionalAcceptances.createdAt, start), lt(conditionalAcceptances.createdAt, end)));
      const [w] = await handle.db
        .select({ n: count() })
        .from(workOrders)
        .where(and(eq(workOrders.hallId, hall.hallId), gte(workOrders.openedAt, start), lt(workOrders.openedAt, end)));
      expect(report.governance).toMatchObject({ conditional: c?.n, workOrders: w?.n });
    }
    const busy = unwrap(await server.services.dailyReport.report(hall.leader, hall.slug, '2026-03-03'));
    expect(busy.governance.workOrders).toBeGreaterThan(0);
    const live = unwrap(await server.services.liveMetrics.hallMetrics(hall.leader, hall.slug));
    expect(busy.governance.now).toEqual(live.governance);
  });

  it('refuses a day that has not begun, other roles and halls outside the district', async () => {
    const future = await server.services.dailyReport.report(hall.leader, hall.slug, '2026-03-06');
    expect(future.ok ? null : future.error).toMatchObject({ code: 'VALIDATION', reason: 'future_day' });
    const clerk = await server.services.dailyReport.report(hall.staffOf(1), hall.slug, '2026-03-03');
    expect(clerk.ok ? null : clerk.error.code).toBe('FORBIDDEN');
    const missing = await server.services.dailyReport.report(hall.leader, 'no-such-hall', '2026-03-03');
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});
