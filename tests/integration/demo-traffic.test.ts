// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { tickets } from '../../db/schema';
import { createDemoTraffic } from '../../server/demo-traffic';
import { arrivalShape } from '../../server/demo-traffic/shape';
import { createFakeClock } from '../../server/domain/clock';
import { parseEnv } from '../../server/env';
import { createServices } from '../../server/services';
import { type TestDriver, openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { eventsOf, present } from '../support/results';

/** Friday 2026-11-27, 09:30 in Shanghai. */
const start = '2026-11-27T01:30:00Z';
const drivers: TestDriver[] = ['postgres', 'pglite'];

/** A seeded generator, so a failing run can be replayed exactly. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.each(drivers)('live demo traffic on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('issues and serves tickets through the real commands, leaves signed-in counters alone, stays bounded and stops on request', async () => {
    const clock = createFakeClock(start);
    const services = createServices({ db: handle.db, clock });
    const hall = await createHallFixture(handle.db, {
      counters: [
        { number: 1, serves: ['A', 'B'] },
        { number: 2, serves: ['A', 'B'] },
        { number: 3, serves: ['A'] },
      ],
    });
    // The clerk of counter 3 signs in: the simulation must never touch that counter.
    const login = await services.auth.login(hall.usernameOf(3), fixturePassword);
    expect(login.ok).toBe(true);
    const logs: string[] = [];
    const traffic = createDemoTraffic({ services, clock, random: seeded(7), halls: [hall.slug], tickMs: 5, log: (m) => logs.push(m) });

    const waitingNow = async () =>
      (await handle.db.select({ n: count() }).from(tickets).where(and(eq(tickets.hallId, hall.hallId), eq(tickets.status, 'waiting'))))[0]?.n ?? 0;
    let mostWaiting = 0;
    // Two hours of the morning peak in real time (a visit takes its service's minutes), a minute a step.
    for (let i = 0; i < 120; i += 1) {
      clock.advance(60_000);
      await traffic.tick();
      mostWaiting = Math.max(mostWaiting, await waitingNow());
    }
    expect(traffic.stats.errors, logs.join('\n')).toBe(0);
    expect(traffic.stats.issued).toBeGreaterThan(20);
    expect(traffic.stats.completed).toBeGreaterThan(10);
    expect(traffic.stats.rated).toBeGreaterThan(0);
    // Bounded: six waiting per simulated counter (two here), plus what a transfer puts back.
    expect(mostWaiting).toBeLessThanOrEqual(12 + traffic.stats.transferred);

    const rows = await handle.db.select().from(tickets).where(eq(tickets.hallId, hall.hallId));
    const counter3 = present(hall.counterIds[3]);
    expect(rows.filter((t) => t.counterId === counter3)).toEqual([]);
    expect(rows.filter((t) => t.status === 'completed').length).toBe(traffic.stats.completed);
    const served = new Set(rows.filter((t) => t.status === 'completed').map((t) => t.counterId));
    expect(served).toEqual(new Set([hall.counterIds[1], hall.counterIds[2]]));
    // Every change went through the commands: each completion is an event by the counter's clerk.
    const completions = (await eventsOf(handle.db, hall.hallId)).filter((e) => e.type === 'ticket.completed');
    expect(completions).toHaveLength(traffic.stats.completed);
    expect(new Set(completions.map((e) => e.actor))).toEqual(new Set([`staff:${hall.staffOf(1).id}`, `staff:${hall.staffOf(2).id}`]));

    // Started on its timer, it stops on request: nothing runs after stop() resolved.
    const before = traffic.stats.ticks;
    traffic.start();
    while (traffic.stats.ticks < before + 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await traffic.stop();
    const after = traffic.stats.ticks;
    const issued = traffic.stats.issued;
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(traffic.stats.ticks).toBe(after);
    expect(traffic.stats.issued).toBe(issued);
    expect(traffic.stats.errors, logs.join('\n')).toBe(0);
  });
});

describe('live demo traffic at lunch', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb('postgres');
  });
  afterAll(async () => {
    await handle.close();
  });

  it('counters break between the morning and afternoon sessions: nobody is called over lunch, citizens still arrive and wait', async () => {
    // Friday 11:30 in Shanghai; the hall works 09:00–12:00 and 13:30–17:00.
    const clock = createFakeClock('2026-11-27T03:30:00Z');
    const services = createServices({ db: handle.db, clock });
    const hours = [
      { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
      { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
    ];
    // As the demo halls: numbers at any hour (enforceHours off), so citizens come over lunch too.
    const hall = await createHallFixture(handle.db, {
      settings: { enforceHours: false },
      services: [{ prefix: 'A', openingHours: hours, typicalServiceMinutes: 6 }],
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
      ],
    });
    const logs: string[] = [];
    const traffic = createDemoTraffic({ services, clock, random: seeded(11), halls: [hall.slug], tickMs: 5, log: (m) => logs.push(m) });
    // 11:30 → 14:30, a minute a step.
    for (let i = 0; i < 180; i += 1) {
      clock.advance(60_000);
      await traffic.tick();
    }
    expect(traffic.stats.errors, logs.join('\n')).toBe(0);
    const rows = await handle.db.select().from(tickets).where(eq(tickets.hallId, hall.hallId));
    const at = (hhmm: string) => new Date(`2026-11-27T${hhmm}:00+08:00`).getTime();
    const calledAt = rows.flatMap((t) => (t.calledAt ? [t.calledAt.getTime()] : []));
    expect(calledAt.filter((t) => t < at('12:00')).length).toBeGreaterThan(0);
    expect(calledAt.filter((t) => t >= at('12:00') && t < at('13:30'))).toEqual([]);
    expect(calledAt.filter((t) => t >= at('13:30')).length).toBeGreaterThan(0);
    // The queue built up over lunch: numbers taken then were called in the afternoon.
    const takenAtLunch = rows.filter((t) => t.issuedAt.getTime() >= at('12:00') && t.issuedAt.getTime() < at('13:30'));
    expect(takenAtLunch.length).toBeGreaterThan(0);
    expect(takenAtLunch.some((t) => t.calledAt && t.calledAt.getTime() >= at('13:30'))).toBe(true);
  });
});

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

describe('demo traffic rules', () => {
  it('peaks mid-morning and mid-afternoon and never stops', () => {
    expect(arrivalShape(10)).toBeCloseTo(1);
    expect(arrivalShape(15)).toBeCloseTo(1);
    expect(arrivalShape(12.5)).toBeLessThan(arrivalShape(10));
    expect(arrivalShape(3)).toBeGreaterThanOrEqual(0.35);
  });

  it('never runs outside demo mode', () => {
    expect(() => parseEnv(env({ DEMO_TRAFFIC: '1', DATABASE_URL: 'postgres://x@localhost/hb' }))).toThrow(/DEMO_TRAFFIC/);
    expect(parseEnv(env({ DEMO_TRAFFIC: '1', DATABASE_URL: 'postgres://x@localhost/hb', DEMO_MODE: '1' })).DEMO_TRAFFIC).toBe(true);
    expect(parseEnv(env({})).DEMO_TRAFFIC).toBeUndefined();
  });
});
