// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { counters, ratings, tickets } from '../../db/schema';
import type { LiveMetrics } from '../../server/contracts/leader-live';
import { liveMetrics } from '../../server/contracts/leader-live';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import type { Services } from '../../server/services';
import { type TestDriver, openTestDb } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { field, request } from '../support/http-client';
import { errorCode, present, unwrap } from '../support/results';
import { type TestServer, login, startTestServer } from '../support/server';

/** Friday 2026-11-27 in Shanghai; times below are hall-local. */
const local = (hhmm: string, day = '2026-11-27') => new Date(`${day}T${hhmm}:00+08:00`);
const minutes = (n: number) => n * 60_000;

const drivers: TestDriver[] = ['postgres', 'pglite'];

describe.each(drivers)("leaders' live metrics on %s", (driver) => {
  let handle: DbHandle;
  let clock: FakeClock;
  let services: Services;
  let server: TestServer;
  beforeAll(async () => {
    handle = await openTestDb(driver);
    clock = createFakeClock(local('09:00'));
    server = await startTestServer(handle.db, clock);
    services = server.services;
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  /** Counters start the day open since 08:00 (the fixture would stamp the real time). */
  async function openSince(hall: HallFixture, at: Date) {
    for (const id of Object.values(hall.counterIds)) {
      await handle.db.update(counters).set({ statusSince: at }).where(eq(counters.id, id));
    }
  }

  const metricsOf = async (hall: HallFixture) => unwrap(await services.liveMetrics.hallMetrics(hall.leader, hall.slug));
  const counterOf = (m: LiveMetrics, n: number) => present(m.counters.find((c) => c.number === n), `counter ${n}`);

  it('computes waits, handling, utilisation, served vs last week and satisfaction from a small day', async () => {
    clock.set(local('09:00'));
    const hall = await createHallFixture(handle.db);
    await openSince(hall, local('08:00'));
    const [c1, c2] = [hall.staffOf(1), hall.staffOf(2)];
    const [k1, k2] = [present(hall.counterIds[1]), present(hall.counterIds[2])];
    const A = present(hall.serviceIds.A);
    const B = present(hall.serviceIds.B);
    const a1 = unwrap(await services.tickets.issue(hall.slug, { serviceId: A }));
    const a2 = unwrap(await services.tickets.issue(hall.slug, { serviceId: A }));
    const b1 = unwrap(await services.tickets.issue(hall.slug, { serviceId: B }));

    // 09:00 counter 1 calls A001 (waited 0) and serves it until 09:06.
    expect(unwrap(await services.counters.callNext(c1, k1)).ticket?.number).toBe('A001');
    unwrap(await services.counters.start(c1, k1));
    // 09:02 counter 2 calls A002 (waited 2) and serves it until 09:14.
    clock.set(local('09:02'));
    expect(unwrap(await services.counters.callNext(c2, k2)).ticket?.number).toBe('A002');
    unwrap(await services.counters.start(c2, k2));
    clock.set(local('09:06'));
    unwrap(await services.counters.complete(c1, k1, {}));
    // 09:06 counter 1 calls B001 (waited 6) and serves it until 09:10.
    expect(unwrap(await services.counters.callNext(c1, k1)).ticket?.number).toBe('B001');
    unwrap(await services.counters.start(c1, k1));
    clock.set(local('09:10'));
    unwrap(await services.counters.complete(c1, k1, {}));
    clock.set(local('09:14'));
    unwrap(await services.counters.complete(c2, k2, {}));

    // Last Friday: two served by 09:15, one later in the day (not yet comparable).
    const lastWeek = (seq: number, finished: string) => ({
      hallId: hall.hallId,
      serviceId: A,
      day: '2026-11-20',
      seq,
      number: `A00${seq}`,
      channel: 'kiosk',
      status: 'completed',
      queuedAt: local('08:50', '2026-11-20'),
      issuedAt: local('08:50', '2026-11-20'),
      calledAt: local('09:00', '2026-11-20'),
      startedAt: local('09:00', '2026-11-20'),
      finishedAt: local(finished, '2026-11-20'),
    });
    await handle.db.insert(tickets).values([lastWeek(1, '09:05'), lastWeek(2, '09:10'), lastWeek(3, '11:00')]);

    // Ratings: one satisfied, two dissatisfied at counter 1 — one of them excluded on appeal.
    const rate = (ticketId: string, level: string, excluded = false) => ({
      rootTicketId: ticketId,
      hallId: hall.hallId,
      counterId: ticketId === a2.id ? k2 : k1,
      level,
      at: local('09:14'),
      excluded,
    });
    await handle.db.insert(ratings).values([rate(a1.id, 'dissatisfied'), rate(a2.id, 'satisfied'), rate(b1.id, 'dissatisfied', true)]);

    clock.set(local('09:15'));
    const m = await metricsOf(hall);
    expect(liveMetrics.safeParse(m).success).toBe(true);
    expect(m.day).toBe('2026-11-27');
    // Waits 0, 2 and 6 minutes: average 2.7, p90 (nearest rank) 6.
    expect(m.waits).toEqual({ called: 3, averageMinutes: 2.7, p90Minutes: 6 });
    // Handling 6, 12 and 4 minutes.
    expect(m.handling).toEqual({ completed: 3, averageMinutes: 7.3 });
    expect(m.served).toEqual({ today: 3, lastWeek: 2, lastWeekDay: '2026-11-20' });
    // Since the first call at 09:00: counter 1 busy 6 + 4 of 15 minutes, counter 2 busy 12 of 15.
    expect(counterOf(m, 1)).toMatchObject({ activity: 'idle', since: local('09:10').toISOString(), utilisation: 0.667, busyMinutes: 10, served: 2 });
    expect(counterOf(m, 2)).toMatchObject({ activity: 'idle', since: local('09:14').toISOString(), utilisation: 0.8, busyMinutes: 12, served: 1 });
    expect(m.satisfaction).toMatchObject({ rated: 2, satisfiedShare: 0.5, dissatisfied: 1 });
    expect(m.throughput.find((h) => h.hour === 9)).toEqual({ hour: 9, issued: 3, served: 3 });
    expect(m.throughput.find((h) => h.hour === 10)).toEqual({ hour: 10, issued: 0, served: 0 });
    expect(m.services.map((s) => [s.prefix, s.waiting])).toEqual([
      ['A', 0],
      ['B', 0],
    ]);
    // The excluded rating breaks no streak: one bad rating at counter 1 is not a flag.
    expect(m.flags).toEqual([]);
    expect(m.advice).toEqual([]);
    await handle.db.update(ratings).set({ excluded: false }).where(eq(ratings.rootTicketId, b1.id));
    const streak = (await metricsOf(hall)).flags.filter((f) => f.kind === 'bad_rating_streak');
    expect(streak.map((f) => [f.subject.id, f.count])).toEqual([[k1, 2]]);
    await handle.db.update(ratings).set({ excluded: true }).where(eq(ratings.rootTicketId, b1.id));

    // A call out of turn lands in the fairness ledger and on the wall.
    const a3 = unwrap(await services.tickets.issue(hall.slug, { serviceId: A }));
    unwrap(await services.tickets.issue(hall.slug, { serviceId: A }));
    const b2 = unwrap(await services.tickets.issue(hall.slug, { serviceId: B }));
    expect(a3.number).toBe('A003');
    unwrap(await services.counters.callChosen(c1, k1, b2.id, '孕妇优先办理'));
    const after = await metricsOf(hall);
    expect(after.fairness).toEqual([
      expect.objectContaining({ number: 'B002', counterNumber: 1, reason: '孕妇优先办理', skipped: 2 }),
    ]);
    expect(after.flags.map((f) => [f.kind, f.subject.id, f.count])).toEqual([['out_of_turn_calls', k1, 1]]);
    expect(counterOf(after, 1)).toMatchObject({ activity: 'serving', serving: { number: 'B002' } });
    expect(after.services.find((s) => s.prefix === 'A')?.waiting).toBe(2);
  });

  it('raises a red flag when a counter pauses beyond the threshold and drops it when it resumes', async () => {
    clock.set(local('10:00'));
    const hall = await createHallFixture(handle.db, { settings: { pauseFlagMinutes: 15 } });
    await openSince(hall, local('08:00'));
    const k1 = present(hall.counterIds[1]);
    const cookie = await login(server.url, hall.leader.username, fixturePassword);
    const flagsNow = async () => {
      const reply = await request(server.url, `/api/v1/halls/${hall.slug}/metrics/live`, { cookie });
      expect(reply.status).toBe(200);
      return (field(reply.json, 'flags') as LiveMetrics['flags']).filter((f) => f.kind === 'counter_paused_long');
    };

    unwrap(await services.counters.pause(hall.staffOf(1), k1, '系统故障'));
    clock.advance(minutes(14));
    expect(await flagsNow()).toEqual([]);
    clock.advance(minutes(1));
    const flags = await flagsNow();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ subject: { type: 'counter', id: k1 }, minutes: 15, note: '系统故障', href: `/leader/${hall.slug}#counter-${k1}` });
    const counter = counterOf(await metricsOf(hall), 1);
    expect(counter).toMatchObject({ activity: 'paused', pauseReason: '系统故障', since: local('10:00').toISOString() });

    unwrap(await services.counters.resume(hall.staffOf(1), k1));
    expect(await flagsNow()).toEqual([]);
    clock.advance(minutes(30));
    expect(await flagsNow()).toEqual([]);
  });

  it('advises switching the idle general counter whose own queues are shortest', async () => {
    clock.set(local('11:00'));
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A', typicalServiceMinutes: 10 }, { prefix: 'B' }, { prefix: 'C' }],
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
        { number: 3, serves: ['B'] },
        { number: 4, serves: ['C'] },
        { number: 5, serves: ['C'] },
        { number: 6, serves: ['C'], status: 'paused' },
      ],
    });
    await openSince(hall, local('08:00'));
    await handle.db.update(counters).set({ kind: 'dedicated' }).where(eq(counters.id, present(hall.counterIds[5])));
    for (let i = 0; i < 6; i++) unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
    unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.B) }));

    const m = await metricsOf(hall);
    const a = present(m.services.find((s) => s.prefix === 'A'));
    // Six ahead, two counters, 10 + 1 minutes each (no history yet): a newcomer is called in 33
    // minutes, with the wide cold-start range (−60% / +100% of 33 + 5).
    expect(a).toMatchObject({ waiting: 6, etaMinutes: { low: 10, high: 71 }, estimatedMinutes: 33, overTarget: true });
    expect(m.services.find((s) => s.prefix === 'B')?.overTarget).toBe(false);
    expect(m.advice).toEqual([
      expect.objectContaining({
        serviceId: a.id,
        reason: 'idle',
        counter: { id: present(hall.counterIds[4]), number: 4, label: '4号窗口', alreadyServes: false },
        counterMaxWait: 0,
      }),
    ]);
    expect(m.flags.find((f) => f.kind === 'wait_over_target')).toMatchObject({ subject: { id: a.id }, severity: 'high', count: 6 });
  });

  it('lets only leaders and admins of the hall or its district see the figures', async () => {
    const station = await createHallFixture(handle.db);
    const centre = await createHallFixture(handle.db, { settings: { districtHalls: [station.slug] } });
    const get = async (username: string, path: string) => {
      const cookie = await login(server.url, username, fixturePassword);
      return request(server.url, path, { cookie });
    };

    expect((await get(station.usernameOf(1), `/api/v1/halls/${station.slug}/metrics/live`)).status).toBe(403);
    expect((await get(station.usernameOf(1), '/api/v1/metrics/live')).status).toBe(403);
    expect((await get(station.leader.username, `/api/v1/halls/${centre.slug}/metrics/live`)).status).toBe(403);
    expect((await get(station.admin.username, `/api/v1/halls/${station.slug}/metrics/live`)).status).toBe(200);
    expect((await get(centre.leader.username, `/api/v1/halls/${station.slug}/metrics/live`)).status).toBe(200);
    expect((await get(centre.leader.username, '/api/v1/halls/no-such-hall/metrics/live')).status).toBe(404);

    const district = await get(centre.leader.username, '/api/v1/metrics/live');
    expect(district.status).toBe(200);
    expect((field(district.json, 'halls') as LiveMetrics[]).map((h) => h.hall.slug)).toEqual([centre.slug, station.slug]);
    const own = await get(station.leader.username, '/api/v1/metrics/live');
    expect((field(own.json, 'halls') as LiveMetrics[]).map((h) => h.hall.slug)).toEqual([station.slug]);
    expect(errorCode(await services.liveMetrics.hallMetrics(station.staffOf(2), station.slug))).toBe('FORBIDDEN');
  });
});
