// Drivers: postgres. Why: the forecast's reads are plain selects; what is tested is that the forward play agrees with the real call-next and the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import type { OpeningPeriod } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { startOfLocalDay } from '../../server/domain/hall-day';
import { forecastHall } from '../../server/domain/hall-forecast';
import { createRng } from '../../server/simulator/random';
import { replayDay } from '../../server/simulator/replay';
import { drawWorld, scenarios } from '../../server/simulator/replay-world';
import { type Services, createServices } from '../../server/services';
import { loadForecastInput } from '../../server/services/forecast-inputs';
import { findHall } from '../../server/services/lookups';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { present, unwrap } from '../support/results';

const MINUTE = 60_000;
const DAY = '2026-03-02'; // a Monday
const midnight = startOfLocalDay(DAY, 'Asia/Shanghai').getTime();
const hours: OpeningPeriod[] = [
  { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '10:30' },
  { weekdays: [1, 2, 3, 4, 5], from: '11:00', to: '12:00' },
];

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

async function hallWithSharedCounters(settings: { priorityInterleave?: number } = {}): Promise<HallFixture> {
  return createHallFixture(handle.db, {
    services: [
      { prefix: 'A', typicalServiceMinutes: 6, openingHours: hours },
      { prefix: 'B', typicalServiceMinutes: 4, openingHours: hours },
      { prefix: 'C', typicalServiceMinutes: 9, openingHours: hours },
    ],
    counters: [
      { number: 1, serves: ['A', 'B', 'C'], status: 'open' },
      { number: 2, serves: ['A'], status: 'open' },
      { number: 3, serves: ['B', 'C'], status: 'open' },
    ],
    settings,
  });
}

describe('the forward play against the real call-next', () => {
  it('property: when nothing changes, the counters call exactly the tickets the play expected, in its order', async () => {
    for (const seed of ['p1', 'p2', 'p3', 'p4']) {
      const rng = createRng(seed);
      const clock = createFakeClock(new Date(midnight + 9 * 60 * MINUTE));
      const services: Services = createServices({ db: handle.db, clock });
      const hall = await hallWithSharedCounters({ priorityInterleave: rng.int(0, 3) });
      const prefixes = ['A', 'B', 'C'];
      for (let i = 0; i < 14; i += 1) {
        const serviceId = present(hall.serviceIds[rng.pick(prefixes)]);
        unwrap(await services.intake.issue(hall.slug, { serviceId, priorityClass: rng.chance(0.25) ? 'elderly' : 'normal' }, hall.staffOf(1)));
        clock.advance(rng.int(5, 90) * 1000);
      }
      const row = present(await findHall(handle.db, hall.slug));
      const input = await loadForecastInput(handle.db, row, clock.now());
      const plan = forecastHall(input);
      expect(plan.tickets.every((t) => t.callAt !== null)).toBe(true);
      const counterNumber = new Map(Object.entries(hall.counterIds).map(([n, id]) => [id, Number(n)]));
      // Each counter finishes its ticket exactly when the play said it would, then calls again.
      const busy = new Map<string, boolean>();
      for (const expected of plan.tickets) {
        const counterId = present(expected.counterId);
        clock.set(new Date(present(expected.callAt)));
        const staff = hall.staffOf(present(counterNumber.get(counterId)));
        if (busy.get(counterId)) unwrap(await services.counters.complete(staff, counterId, { outcome: 'handled' }));
        const called = unwrap(await services.counters.callNext(staff, counterId));
        expect(called.ticket?.id, `${seed}: the call at ${new Date(present(expected.callAt)).toISOString()}`).toBe(expected.id);
        unwrap(await services.counters.start(staff, counterId));
        busy.set(counterId, true);
      }
    }
  });
});

describe('one range on every page', () => {
  it('the hall home shows a newcomer the range the ticket page then shows for the number taken', async () => {
    const clock = createFakeClock(new Date(midnight + 9 * 60 * MINUTE));
    const services = createServices({ db: handle.db, clock });
    const hall = await hallWithSharedCounters();
    for (const p of ['A', 'B', 'A', 'C', 'B']) unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds[p]) }));
    unwrap(await services.counters.callNext(hall.staffOf(1), present(hall.counterIds[1])));
    const serviceId = present(hall.serviceIds.A);
    const home = unwrap(await services.hallHome.home(hall.slug));
    const shown = present(home.services.find((s) => s.id === serviceId)).etaMinutes;
    const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId }));
    const page = unwrap(await services.tickets.view(issued.token));
    expect(page.etaMinutes).toEqual(shown);
    expect(issued.etaMinutes).toEqual(shown);
    const order = present(await services.tickets.queueOrder(serviceId));
    const place = order.order.indexOf(issued.number);
    expect(order.eta[place]).toEqual([shown.low, shown.high]);
    const detail = unwrap(await services.halls.detail(hall.slug));
    expect(detail.services.find((s) => s.id === serviceId)?.etaMinutes).toEqual(
      unwrap(await services.hallHome.waits(hall.slug)).services.find((s) => s.id === serviceId)?.etaMinutes,
    );
  });
});

describe('a small replayed day', () => {
  it('holds most actual waits inside the range shown at issue, across the lunch break', async () => {
    const clock = createFakeClock(new Date(midnight));
    const services = createServices({ db: handle.db, clock });
    const hall = await hallWithSharedCounters();
    const row = present(await findHall(handle.db, hall.slug));
    const world = drawWorld(
      'replay-test',
      DAY,
      1,
      ['A', 'B', 'C'].map((p) => ({ id: present(hall.serviceIds[p]), typicalServiceMinutes: { A: 6, B: 4, C: 9 }[p] ?? 6, openingHours: hours })),
      [1, 2, 3].map((n) => ({
        id: present(hall.counterIds[n]),
        serviceIds: [['A', 'B', 'C'], ['A'], ['B', 'C']][n - 1]?.map((p) => present(hall.serviceIds[p])) ?? [],
        staff: hall.staffOf(n),
      })),
      present(scenarios.find((s) => s.name === 'normal')),
    );
    const records = await replayDay(services, clock, {
      hallSlug: row.slug,
      midnight,
      visitors: world.visitors,
      counters: world.counters,
      typicalMinutes: new Map(Object.entries({ A: 6, B: 4, C: 9 }).map(([p, m]) => [present(hall.serviceIds[p]), m])),
    });
    const atIssue = records.filter((r) => r.checkpoint === 'issue' && r.actual !== null);
    expect(atIssue.length).toBeGreaterThan(30);
    const inside = atIssue.filter((r) => Math.round(r.actual ?? -1) >= r.low && Math.round(r.actual ?? -1) <= r.high).length;
    expect(inside / atIssue.length).toBeGreaterThanOrEqual(0.8);
    // Some waits ran over the 10:30–11:00 break, and the play knew it.
    expect(atIssue.some((r) => r.at < midnight + 10.5 * 60 * MINUTE && r.at + (r.actual ?? 0) * MINUTE > midnight + 11 * 60 * MINUTE)).toBe(true);
    const calibration = services.forecasts.calibrationToday(row);
    expect(calibration?.samples ?? 0).toBeGreaterThan(0);
  });
});
