// Drivers: both. Why: the history is aggregate SQL over rollups and events (date_trunc, zones, filters).
/**
 * The leaders' history: figures equal an independent computation from the raw event log and
 * ratings of a small multi-day fixture played with the command services; the daily rollups
 * equal a live computation of every day; an appealed (excluded) rating never counts, also
 * after its day was rolled up; the CSV carries the same rows; validation and permissions.
 */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricsDaily, ratings } from '../../db/schema';
import type { HistoryReport } from '../../server/contracts/metrics-history';
import { createFakeClock } from '../../server/domain/clock';
import { createHistoryService } from '../../server/services/metrics/history';
import { rollUpClosedDays } from '../../server/services/metrics/history-rollup';
import { fixturePassword, type HallFixture, createHallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { type Expected, expectedFigures, mean } from '../support/history-expected';
import { playHistory } from '../support/history-fixture';
import { must, request } from '../support/http-client';
import { unwrap } from '../support/results';
import { login } from '../support/server';

const days = [
  { day: '2026-03-02', extra: 1 },
  { day: '2026-03-03', extra: 3 },
  { day: '2026-03-04', extra: 0 },
  { day: '2026-03-05', extra: 2 },
];
const today = '2026-03-05';
const clock = createFakeClock('2026-03-01T00:00:00Z');
const { handle, server } = withHallServer({ clock });
let hall: HallFixture;

beforeAll(async () => {
  hall = await playHistory(handle.db, server.services, clock, days);
  clock.set('2026-03-05T07:00:00Z'); // 15:00 in the hall: today is live, the other days closed
}, 120_000);

const live = () => createHistoryService({ db: handle.db, clock, forceLive: true });
const report = async (q: Partial<{ from: string; to: string; groupBy: 'day' | 'week' | 'month'; by: 'hall' | 'service' | 'counter' | 'staff' }>, forceLive = false) =>
  unwrap(
    await (forceLive ? live() : server.services.history).report(hall.leader, hall.slug, {
      from: '2026-03-01',
      to: '2026-03-06',
      groupBy: 'day',
      by: 'hall',
      ...q,
    }),
  );
const minutes = (ms: number[]) => {
  const m = mean(ms);
  return m === null ? null : Math.round((m / 60_000) * 100) / 100;
};
const avg2 = (xs: number[]) => {
  const m = mean(xs);
  return m === null ? null : Math.round(m * 100) / 100;
};

function expectMatches(row: HistoryReport['rows'][number], e: Expected, counterTime = true) {
  expect(row).toMatchObject({
    issued: e.issued,
    called: e.called,
    served: e.served,
    noShows: e.noShows,
    cancelled: e.cancelled,
    transferred: e.transferred,
    avgWaitMinutes: minutes(e.waits),
    avgWalkMinutes: minutes(e.walks),
    avgServiceMinutes: minutes(e.services),
    rated: e.rated,
    satisfiedShare: e.rated === 0 ? null : Math.round((e.satisfied / e.rated) * 10_000) / 10_000,
    avgAttitude: avg2(e.attitude),
    avgEfficiency: avg2(e.efficiency),
    refusals: e.refusals,
    cases: e.cases,
    noShowRate: e.called === 0 ? null : Math.round((e.noShows / e.called) * 10_000) / 10_000,
  });
  if (counterTime) {
    expect(row.openMinutes).toBe(Math.round(e.openMs / 6_000) / 10);
    expect(row.idleMinutes).toBe(Math.round(e.idleMs / 6_000) / 10);
  }
}

describe('history figures', () => {
  it('rolls up the closed days, not today', async () => {
    expect(await rollUpClosedDays(handle.db, clock, hall.hallId)).toBe(3);
    const rolled = await handle.db.select().from(metricsDaily).where(eq(metricsDaily.hallId, hall.hallId));
    expect(new Set(rolled.filter((r) => r.dim === 'hall').map((r) => r.day))).toEqual(new Set(['2026-03-02', '2026-03-03', '2026-03-04']));
    expect(await rollUpClosedDays(handle.db, clock, hall.hallId)).toBe(0);
  });

  it('equals the figures computed from the raw events, per day for the hall and per counter', async () => {
    const expected = await expectedFigures(handle.db, hall.hallId);
    const byDay = await report({});
    expect(byDay.periods).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    expect(byDay.rows.map((r) => r.period)).toEqual(days.map((d) => d.day));
    for (const row of byDay.rows) expectMatches(row, must(expected.get(`${row.period}|hall`)));
    // Sanity of the fixture itself: the figures are not all zero.
    expect(byDay.rows[1]).toMatchObject({ issued: 8, served: 5, noShows: 1, cancelled: 1, transferred: 1, refusals: 1, cases: 1 });
    const byCounter = await report({ by: 'counter' });
    expect(byCounter.keys.map((k) => k.label)).toEqual(['1号窗口', '2号窗口', null]);
    for (const row of byCounter.rows) expectMatches(row, must(expected.get(`${row.period}|${row.key}`)));
  });

  it('adds days up into ISO weeks and months', async () => {
    const expected = await expectedFigures(handle.db, hall.hallId);
    const week = await report({ groupBy: 'week', from: '2026-02-23', to: '2026-03-08' });
    expect(week.periods).toEqual(['2026-02-23', '2026-03-02']);
    const sum = (k: 'issued' | 'served' | 'cases') => days.reduce((n, d) => n + must(expected.get(`${d.day}|hall`))[k], 0);
    expect(week.rows).toHaveLength(1);
    expect(week.rows[0]).toMatchObject({ period: '2026-03-02', issued: sum('issued'), served: sum('served'), cases: sum('cases') });
    const month = await report({ groupBy: 'month', from: '2026-02-01', to: '2026-03-31' });
    expect(month.periods).toEqual(['2026-02-01', '2026-03-01']);
    expect(month.rows[0]).toMatchObject({ period: '2026-03-01', issued: sum('issued') });
    expect(month.totals.issued).toBe(sum('issued'));
  });

  it('gives the same answers from the rollups as from computing every day live', async () => {
    for (const by of ['hall', 'service', 'counter', 'staff'] as const) {
      for (const groupBy of ['day', 'week', 'month'] as const) {
        const { generatedAt: _a, ...rolled } = await report({ by, groupBy });
        const { generatedAt: _b, ...raw } = await report({ by, groupBy }, true);
        expect(rolled).toEqual(raw);
      }
    }
  });

  it('never counts an excluded rating, also once its day was rolled up', async () => {
    const before = await report({ from: '2026-03-02', to: '2026-03-02' });
    const [t1] = await handle.db.select().from(ratings).where(eq(ratings.level, 'very_satisfied')).orderBy(asc(ratings.at)).limit(1);
    await handle.db.update(ratings).set({ excluded: true, excludedReason: '恶意差评申诉成立' }).where(eq(ratings.rootTicketId, must(t1).rootTicketId));
    // The first day's very_satisfied rating: rated on 2 March, a day rolled up already.
    expect(must(t1).at.toISOString() < '2026-03-02T16:00:00Z').toBe(true);
    const after = await report({ from: '2026-03-02', to: '2026-03-02' });
    expect(after.totals.rated).toBe(before.totals.rated - 1);
    expect(after.totals.levels.very_satisfied).toBe(before.totals.levels.very_satisfied - 1);
    const expected = await expectedFigures(handle.db, hall.hallId);
    expectMatches(must(after.rows[0]), must(expected.get('2026-03-02|hall')));
    const { generatedAt: _a, ...rolled } = await report({ by: 'staff' });
    const { generatedAt: _b, ...raw } = await report({ by: 'staff' }, true);
    expect(rolled).toEqual(raw);
  });

  it('computes today live: a ticket served now shows at once', async () => {
    const before = await report({ from: today, to: today });
    unwrap(await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds.A) }));
    const after = await report({ from: today, to: today });
    expect(after.totals.issued).toBe(before.totals.issued + 1);
  });
});

describe('history over HTTP', () => {
  const path = (slug: string, query: string, csv = false) => `/api/v1/halls/${slug}/metrics/history${csv ? '.csv' : ''}?${query}`;

  it('serves the CSV with a BOM, Chinese headers and the same rows as the JSON', async () => {
    const cookie = await login(server.url, hall.leader.username, fixturePassword);
    const q = 'from=2026-03-01&to=2026-03-06&groupBy=day&by=counter';
    const json = await request(server.url, path(hall.slug, q), { cookie });
    expect(json.status).toBe(200);
    const body = json.json as HistoryReport;
    const csv = await request(server.url, path(hall.slug, q, true), { cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    // fetch's text() drops a BOM, so look at the bytes: EF BB BF opens the body.
    const bytes = new Uint8Array(await (await fetch(`${server.url}${path(hall.slug, q, true)}`, { headers: { cookie } })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(lines[0]?.slice(0, 5)).toEqual(['周期开始', '名称', '取号数', '叫号数', '办结数']);
    expect(lines).toHaveLength(body.rows.length + 1);
    const header = must(lines[0]);
    const col = (name: string) => header.indexOf(name);
    body.rows.forEach((row, i) => {
      const line = must(lines[i + 1]);
      expect(line[0]).toBe(row.period);
      expect(line[1]).toBe(body.keys.find((k) => k.key === row.key)?.label ?? '未分配');
      expect(Number(line[col('办结数')])).toBe(row.served);
      expect(line[col('平均等候（分钟）')]).toBe(row.avgWaitMinutes === null ? '' : String(row.avgWaitMinutes));
      expect(Number(line[col('不满意')])).toBe(row.levels.dissatisfied);
      expect(Number(line[col('办不成事反映数')])).toBe(row.cases);
    });
  });

  it('refuses bad ranges and parameters, strangers and staff', async () => {
    const cookie = await login(server.url, hall.leader.username, fixturePassword);
    for (const q of ['from=2026-03-05&to=2026-03-01', 'from=2025-01-01&to=2026-03-01', 'from=2026-03-01', 'from=2026-03-01&to=2026-03-02&groupBy=year', 'from=2026-03-01&to=2026-03-02&by=citizen', 'from=2026-02-30&to=2026-03-02']) {
      for (const csv of [false, true]) {
        const reply = await request(server.url, path(hall.slug, q, csv), { cookie });
        expect(reply.status, q).toBe(400);
        expect((reply.json as { error: { code: string } }).error.code).toBe('VALIDATION');
      }
    }
    expect((await request(server.url, path(hall.slug, 'from=2025-03-05&to=2026-03-05'), { cookie })).status).toBe(200);
    expect((await request(server.url, path(hall.slug, 'from=2026-03-01&to=2026-03-02'))).status).toBe(401);
    const staffCookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    expect((await request(server.url, path(hall.slug, 'from=2026-03-01&to=2026-03-02'), { cookie: staffCookie })).status).toBe(403);
    const other = await createHallFixture(handle.db);
    const otherLeader = await login(server.url, other.leader.username, fixturePassword);
    expect((await request(server.url, path(hall.slug, 'from=2026-03-01&to=2026-03-02'), { cookie: otherLeader })).status).toBe(403);
    expect((await request(server.url, path(hall.slug, 'from=2026-03-01&to=2026-03-02', true), { cookie: otherLeader })).status).toBe(403);
    expect((await request(server.url, path('no-such-hall', 'from=2026-03-01&to=2026-03-02'), { cookie })).status).toBe(404);
    const admin = unwrap(await server.services.history.report(hall.admin, hall.slug, { from: '2026-03-02', to: '2026-03-02', groupBy: 'day', by: 'hall' }));
    expect(admin.rows).toHaveLength(1);
  });

  it('describes both routes in the OpenAPI document, the CSV as text/csv', async () => {
    const doc = (await request(server.url, '/api/v1/openapi.json')).json as { paths: Record<string, { get?: { responses: Record<string, { content: Record<string, unknown> }> } }> };
    expect(Object.keys(doc.paths['/api/v1/halls/{hall}/metrics/history']?.get?.responses['200']?.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(doc.paths['/api/v1/halls/{hall}/metrics/history.csv']?.get?.responses['200']?.content ?? {})).toEqual(['text/csv']);
  });
});
