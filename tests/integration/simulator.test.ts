// Drivers: both. Why: bulk inserts and the rollups it writes are SQL.
/**
 * The history simulator writes data a real hall could have produced: gapless numbers per
 * service and day, a gapless event seq that matches halls.event_seq, legal final statuses
 * with ordered timestamps, the events each ticket would have left, and figures that agree
 * with the event log. Same seed, same history; a second run never overwrites a day.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { dailyCounters, events, halls, metricsDaily, tickets } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { createFakeClock } from '../../server/domain/clock';
import { createHistoryService } from '../../server/services/metrics/history';
import { simulateDay } from '../../server/simulator/day-model';
import { loadHall, simulateHistory } from '../../server/simulator/run';
import { openTestDb } from '../support/db';
import { expectedFigures } from '../support/history-expected';
import { must } from '../support/http-client';
import { unwrap } from '../support/results';

const clock = createFakeClock('2026-03-05T02:00:00Z');
let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDb();
  await seedDemo(handle.db, { password: 'demo1234', passwordHashRounds: 4 });
}, 60_000);
afterAll(async () => {
  await handle.close();
});

const request = { days: 3, seed: 'test', scale: 1, endDay: '2026-03-02', clock };

describe('simulator', () => {
  it('writes the days of both demo halls and rolls them up', async () => {
    const summary = await simulateHistory(handle.db, request);
    // Saturday 28 Feb (morning services), Sunday 1 Mar (closed), Monday 2 Mar.
    expect(summary.written.map((d) => `${d.hall} ${d.day}`)).toEqual(
      ['dayuan', 'qiongshan'].flatMap((h) => ['2026-02-28', '2026-03-01', '2026-03-02'].map((d) => `${h} ${d}`)),
    );
    const monday = summary.written.filter((d) => d.day === '2026-03-02');
    for (const d of monday) expect(d.tickets).toBeGreaterThan(50);
    expect(summary.written.filter((d) => d.day === '2026-03-01').every((d) => d.tickets === 0)).toBe(true);
    const rolled = await handle.db.select().from(metricsDaily).where(eq(metricsDaily.dim, 'hall'));
    // Every closed day from the first ticket on is rolled up, the days after the simulated ones too.
    expect(rolled.filter((r) => r.day >= '2026-02-28' && r.day <= '2026-03-02')).toHaveLength(6);
  }, 120_000);

  it('numbers tickets without gaps per service and day, and logs every event once in seq order', async () => {
    for (const hall of await handle.db.select().from(halls)) {
      const rows = await handle.db.select().from(tickets).where(eq(tickets.hallId, hall.id));
      const counters = await handle.db.select().from(dailyCounters).where(eq(dailyCounters.hallId, hall.id));
      for (const c of counters) {
        const seqs = rows.filter((t) => t.serviceId === c.serviceId && t.day === c.day && t.seq !== null).map((t) => t.seq ?? 0).sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: c.lastSeq }, (_, i) => i + 1));
      }
      const log = await handle.db.select().from(events).where(eq(events.hallId, hall.id)).orderBy(asc(events.seq));
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: hall.eventSeq }, (_, i) => i + 1));
      for (let i = 1; i < log.length; i += 1) expect(must(log[i]).at.getTime()).toBeGreaterThanOrEqual(must(log[i - 1]).at.getTime());
      const issued = new Set(log.filter((e) => e.type === 'ticket.issued').map((e) => e.ticketId));
      const called = log.filter((e) => e.type === 'ticket.called').map((e) => e.ticketId);
      expect(new Set(called).size).toBe(called.length);
      for (const t of rows) {
        expect(['completed', 'no_show', 'transferred', 'cancelled'], t.number).toContain(t.status);
        expect(issued.has(t.id)).toBe(t.seq !== null);
        expect(called.includes(t.id)).toBe(t.calledAt !== null);
        const times = [t.issuedAt, t.calledAt, t.startedAt, t.finishedAt].filter((x): x is Date => x !== null).map((x) => x.getTime());
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        if (t.status === 'transferred') expect(rows.some((c) => c.parentTicketId === t.id && c.number === t.number)).toBe(true);
        if (t.status === 'no_show' || t.status === 'completed') expect(t.counterId).not.toBeNull();
      }
    }
  });

  it('gives history figures that agree with its own event log', async () => {
    const history = createHistoryService({ db: handle.db, clock });
    const [hall] = await handle.db.select().from(halls).where(eq(halls.slug, 'qiongshan'));
    const leader = { id: 'x', username: 'leader', displayName: '王建国', role: 'leader' as const, hallId: must(hall).id, counterId: null };
    const report = unwrap(await history.report(leader, 'qiongshan', { from: '2026-03-02', to: '2026-03-02', groupBy: 'day', by: 'hall' }));
    const expected = must((await expectedFigures(handle.db, must(hall).id)).get('2026-03-02|hall'));
    expect(report.totals).toMatchObject({ issued: expected.issued, served: expected.served, noShows: expected.noShows, transferred: expected.transferred, cancelled: expected.cancelled, rated: expected.rated, refusals: expected.refusals });
    expect(report.totals.idleMinutes).toBe(Math.round(expected.idleMs / 6_000) / 10);
    expect(report.totals.openMinutes).toBe(Math.round(expected.openMs / 6_000) / 10);
  });

  it('is deterministic for a seed and never overwrites a day', async () => {
    const [hall] = await handle.db.select().from(halls).where(eq(halls.slug, 'dayuan'));
    const sim = await loadHall(handle.db, must(hall));
    expect(simulateDay(sim, '2026-03-02', { seed: 'test', scale: 1 })).toEqual(simulateDay(sim, '2026-03-02', { seed: 'test', scale: 1 }));
    expect(simulateDay(sim, '2026-03-02', { seed: 'other', scale: 1 }).tickets).not.toEqual(simulateDay(sim, '2026-03-02', { seed: 'test', scale: 1 }).tickets);
    const before = await handle.db.select().from(tickets);
    const again = await simulateHistory(handle.db, { ...request, days: 4 });
    expect(again.written.map((d) => d.day)).toEqual(['2026-02-27', '2026-02-27']);
    expect(again.skipped.map((d) => d.day)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-02-28', '2026-03-01', '2026-03-02']);
    const after = await handle.db.select().from(tickets);
    expect(after.filter((t) => t.day !== '2026-02-27')).toHaveLength(before.length);
  }, 120_000);
});
