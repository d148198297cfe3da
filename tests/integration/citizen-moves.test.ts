// Drivers: both. Why: "more time" and rejoin re-order the queue by SQL (queue times, ordering by the policy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import type { HallSettings } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { type FixtureCounter, type FixtureService, type HallFixture, createHallFixture } from '../support/hall-fixture';
import { request } from '../support/http-client';
import { startTestServer } from '../support/server';
import { errorCode, eventsOf, present, ticketById, unwrap } from '../support/results';

const SECOND = 1_000;
const MINUTE = 60_000;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

interface Setup {
  clock: FakeClock;
  services: Services;
  hall: HallFixture;
  /** Issues tickets of A one second apart; returns their tokens by number. */
  issueA: (n: number) => Promise<Array<{ id: string; number: string; token: string }>>;
  position: (token: string) => Promise<number | null>;
  /** Counter 1 calls its next ticket; returns its number. */
  callNext: () => Promise<string | null>;
}

/**
 * One counter serving A, whose usual service takes 2 minutes: five minutes of more time are
 * ceil(5 / 2) = 3 places, unless the settings say otherwise.
 */
async function setup(
  options: { settings?: Partial<HallSettings>; services?: FixtureService[]; counters?: FixtureCounter[] } = {},
): Promise<Setup> {
  const clock = createFakeClock('2026-11-27T02:00:00Z');
  const services = createServices({ db: handle.db, clock });
  const hall = await createHallFixture(handle.db, {
    services: options.services ?? [{ prefix: 'A', typicalServiceMinutes: 2 }],
    counters: options.counters ?? [{ number: 1, serves: ['A'] }],
    settings: options.settings,
  });
  const serviceId = present(hall.serviceIds.A);
  return {
    clock,
    services,
    hall,
    issueA: async (n) => {
      const issued = [];
      for (let i = 0; i < n; i += 1) {
        const t = unwrap(await services.tickets.issue(hall.slug, { serviceId }));
        issued.push({ id: t.id, number: t.number, token: t.token });
        clock.advance(SECOND);
      }
      return issued;
    },
    position: async (token) => unwrap(await services.tickets.view(token)).position,
    callNext: async () => {
      const called = unwrap(await services.counters.callNext(hall.staffOf(1), present(hall.counterIds[1])));
      return called.ticket?.number ?? null;
    },
  };
}

async function callAll(s: Setup): Promise<string[]> {
  const numbers: string[] = [];
  for (;;) {
    const number = await s.callNext();
    if (!number) return numbers;
    numbers.push(number);
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), present(s.hall.counterIds[1])));
  }
}

describe('more time (我需要再等 5 分钟)', () => {
  it('moves a waiting ticket back the places 5 minutes of service stand for, once; the counter follows the new order', async () => {
    const s = await setup();
    const [, a2, a3, , a5, a6] = await s.issueA(6);
    const mine = present(a2);
    const before = unwrap(await s.services.tickets.view(mine.token));
    expect(before.position).toBe(2);
    expect(before.moves).toEqual({
      nearlyAhead: 3,
      moreTime: { available: true, places: 3, minutes: 5, used: false, behind: 4, maxPlaces: 5 },
      rejoin: null,
    });

    const moved = unwrap(await s.services.citizenTickets.delay(mine.token));
    expect(moved.delay).toEqual({ from: 2, to: 5 });
    expect(moved.ticket).toMatchObject({ number: 'A002', status: 'waiting', position: 5 });
    expect(moved.ticket.moves?.moreTime).toEqual({ available: false, places: 1, minutes: 5, used: true, behind: 1, maxPlaces: 5 });
    // Those it let pass moved up one place each; the one behind the new place did not move.
    expect(await s.position(present(a3).token)).toBe(2);
    expect(await s.position(present(a5).token)).toBe(4);
    expect(await s.position(present(a6).token)).toBe(6);
    expect((await ticketById(handle.db, mine.id)).delayCount).toBe(1);

    const events = (await eventsOf(handle.db, s.hall.hallId)).slice(-2);
    expect(events.map((e) => [e.type, e.ticketId, e.actor])).toEqual([
      ['ticket.delayed', mine.id, `citizen:${mine.id}`],
      ['queue.changed', null, `citizen:${mine.id}`],
    ]);
    expect(events[0]?.data).toEqual({ ticketId: mine.id, number: 'A002', serviceId: s.hall.serviceIds.A, from: 2, to: 5 });

    // Once per ticket: the second ask is refused and changes nothing.
    expect(errorCode(await s.services.citizenTickets.delay(mine.token))).toBe('CONFLICT');
    expect(await s.position(mine.token)).toBe(5);

    expect(await callAll(s)).toEqual(['A001', 'A003', 'A004', 'A005', 'A002', 'A006']);
  });

  it('is capped by delayMaxPlaces, and near the end of the queue moves only as far as there are people', async () => {
    const capped = await setup({ settings: { delayMaxPlaces: 2 } });
    const tickets = await capped.issueA(5);
    const first = present(tickets[0]);
    expect(unwrap(await capped.services.citizenTickets.delay(first.token)).delay).toEqual({ from: 1, to: 3 });

    const s = await setup();
    const all = await s.issueA(4);
    const third = present(all[2]);
    expect(unwrap(await s.services.tickets.view(third.token)).moves?.moreTime?.places).toBe(1);
    expect(unwrap(await s.services.citizenTickets.delay(third.token)).delay).toEqual({ from: 3, to: 4 });
    expect(await callAll(s)).toEqual(['A001', 'A002', 'A004', 'A003']);
  });

  it('the last in the queue keeps its place and its allowance; never while called, served or cancelled', async () => {
    const s = await setup();
    const [a1, a2, a3] = await s.issueA(3);
    const last = present(a3);
    expect(unwrap(await s.services.tickets.view(last.token)).moves?.moreTime).toEqual({
      available: false,
      places: 0,
      minutes: 5,
      used: false,
      behind: 0,
      maxPlaces: 5,
    });
    expect(errorCode(await s.services.citizenTickets.delay(last.token))).toBe('CONFLICT');
    expect((await ticketById(handle.db, last.id)).delayCount).toBe(0);

    expect(await s.callNext()).toBe('A001');
    expect(errorCode(await s.services.citizenTickets.delay(present(a1).token))).toBe('CONFLICT');
    unwrap(await s.services.counters.start(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    expect(errorCode(await s.services.citizenTickets.delay(present(a1).token))).toBe('CONFLICT');
    unwrap(await s.services.tickets.cancel(present(a2).token));
    expect(errorCode(await s.services.citizenTickets.delay(present(a2).token))).toBe('CONFLICT');
    expect(unwrap(await s.services.tickets.view(present(a1).token)).moves?.moreTime).toBeNull();
    expect(errorCode(await s.services.citizenTickets.delay('q'.repeat(24)))).toBe('NOT_FOUND');
    expect((await eventsOf(handle.db, s.hall.hallId)).some((e) => e.type === 'ticket.delayed')).toBe(false);
  });

  it('takes more places when the service is quick and more counters are open', async () => {
    const s = await setup({
      services: [{ prefix: 'A', typicalServiceMinutes: 4 }],
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
      ],
    });
    const [a1] = await s.issueA(8);
    // Two counters of 4 minutes: a call every 2 minutes, so 5 minutes are 3 places.
    expect(unwrap(await s.services.citizenTickets.delay(present(a1).token)).delay).toEqual({ from: 1, to: 4 });
  });

  it('a retried request with the same Idempotency-Key moves once and answers the same', async () => {
    const s = await setup();
    const [a1] = await s.issueA(5);
    const first = unwrap(await s.services.citizenTickets.delay(present(a1).token, 'k-more-time-1'));
    const again = unwrap(await s.services.citizenTickets.delay(present(a1).token, 'k-more-time-1'));
    expect(again.delay).toEqual(first.delay);
    expect(again.ticket.position).toBe(first.ticket.position);
    expect((await eventsOf(handle.db, s.hall.hallId)).filter((e) => e.type === 'ticket.delayed')).toHaveLength(1);
  });
});

describe('rejoin after a no-show (重新排队)', () => {
  async function missed(s: Setup) {
    const [a1, a2, a3] = await s.issueA(3);
    expect(await s.callNext()).toBe('A001');
    s.clock.advance(MINUTE);
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    return { a1: present(a1), a2: present(a2), a3: present(a3) };
  }

  it('within the window re-enters at the end of the queue, once', async () => {
    const s = await setup();
    const { a1, a2 } = await missed(s);
    const noShowAt = s.clock.now().getTime();
    expect(unwrap(await s.services.tickets.view(a1.token)).moves?.rejoin).toEqual({
      available: true,
      minutes: 10,
      until: new Date(noShowAt + 10 * MINUTE).toISOString(),
      expired: false,
      used: false,
    });
    s.clock.advance(9 * MINUTE);
    const [a4] = await s.issueA(1);

    const rejoined = unwrap(await s.services.citizenTickets.rejoin(a1.token));
    expect(rejoined.ticket).toMatchObject({ number: 'A001', status: 'waiting', position: 4, counterNumber: null, calledAt: null });
    expect(rejoined.ticket.moves?.rejoin).toBeNull();
    const row = await ticketById(handle.db, a1.id);
    expect(row).toMatchObject({ status: 'waiting', rejoinCount: 1, counterId: null, finishedAt: null });
    expect(row.queuedAt.getTime()).toBe(s.clock.now().getTime());
    expect(await s.position(a2.token)).toBe(1);

    const events = (await eventsOf(handle.db, s.hall.hallId)).slice(-2);
    expect(events.map((e) => [e.type, e.ticketId])).toEqual([
      ['ticket.rejoined', a1.id],
      ['queue.changed', null],
    ]);
    expect(events[0]?.data).toEqual({ ticketId: a1.id, number: 'A001', serviceId: s.hall.serviceIds.A });

    // Missed again: the second rejoin is refused in plain terms, and the view says why.
    expect(await s.callNext()).toBe('A002');
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    expect(await s.callNext()).toBe('A003');
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    expect(await s.callNext()).toBe(present(a4).number);
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    expect(await s.callNext()).toBe('A001');
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    const second = await s.services.citizenTickets.rejoin(a1.token);
    expect(second.ok ? null : second.error.code).toBe('CONFLICT');
    expect(second.ok ? '' : second.error.message).toMatch(/already rejoined/);
    expect(unwrap(await s.services.tickets.view(a1.token)).moves?.rejoin).toMatchObject({ available: false, used: true, expired: false });
    expect((await ticketById(handle.db, a1.id)).status).toBe('no_show');
  });

  it('outside the window is refused and changes nothing', async () => {
    const s = await setup();
    const { a1 } = await missed(s);
    s.clock.advance(10 * MINUTE + SECOND);
    expect(unwrap(await s.services.tickets.view(a1.token)).moves?.rejoin).toMatchObject({ available: false, expired: true, used: false });
    const late = await s.services.citizenTickets.rejoin(a1.token);
    expect(late.ok ? null : late.error.code).toBe('CONFLICT');
    expect(late.ok ? '' : late.error.message).toMatch(/10 minutes/);
    expect(await ticketById(handle.db, a1.id)).toMatchObject({ status: 'no_show', rejoinCount: 0 });
    expect((await eventsOf(handle.db, s.hall.hallId)).some((e) => e.type === 'ticket.rejoined')).toBe(false);
  });

  it('follows the hall setting, and only a missed ticket may rejoin', async () => {
    const s = await setup({ settings: { rejoinMinutes: 20 } });
    const { a1, a2 } = await missed(s);
    expect(errorCode(await s.services.citizenTickets.rejoin(a2.token))).toBe('CONFLICT');
    s.clock.advance(15 * MINUTE);
    expect(unwrap(await s.services.citizenTickets.rejoin(a1.token)).ticket.status).toBe('waiting');
    expect(errorCode(await s.services.citizenTickets.rejoin(a1.token))).toBe('CONFLICT');
    expect(errorCode(await s.services.citizenTickets.rejoin('r'.repeat(24)))).toBe('NOT_FOUND');
  });
});

describe('the wait says why it grew', () => {
  it('names paused counters and a long case ahead; the range does not narrow for the long case', async () => {
    const s = await setup({
      services: [{ prefix: 'A', typicalServiceMinutes: 5 }],
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
        { number: 3, serves: ['A'] },
      ],
    });
    const [, , a3] = await s.issueA(3);
    const mine = present(a3).token;
    expect(unwrap(await s.services.tickets.view(mine)).etaReasons).not.toContain('counters_paused');
    unwrap(await s.services.counters.pause(s.hall.staffOf(3), present(s.hall.counterIds[3]), '午休'));
    expect(unwrap(await s.services.tickets.view(mine)).etaReasons).toContain('counters_paused');

    expect(await s.callNext()).toBe('A001');
    unwrap(await s.services.counters.start(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    const usual = unwrap(await s.services.tickets.view(mine));
    expect(usual.etaReasons).not.toContain('long_case_ahead');
    s.clock.advance(30 * MINUTE);
    const long = unwrap(await s.services.tickets.view(mine));
    expect(long.etaReasons).toContain('long_case_ahead');
    // The hall's forward play plans one more usual service for the long case; here the other open
    // counter takes A003 first, so the range does not narrow but need not grow either.
    expect(long.etaMinutes?.high ?? 0).toBeGreaterThanOrEqual(usual.etaMinutes?.high ?? 0);
    const order = present(await s.services.tickets.queueOrder(present(s.hall.serviceIds.A)));
    expect(order.reasons).toEqual(expect.arrayContaining(['counters_paused', 'long_case_ahead']));
  });
});

describe('over HTTP', () => {
  it('answers 200 with the move, then 409 CONFLICT for the second ask', async () => {
    const clock = createFakeClock('2026-11-27T02:00:00Z');
    const server = await startTestServer(handle.db, clock);
    try {
      const hall = await createHallFixture(handle.db, { services: [{ prefix: 'A', typicalServiceMinutes: 2 }], counters: [{ number: 1, serves: ['A'] }] });
      const tokens: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const t = unwrap(await server.services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
        tokens.push(t.token);
        clock.advance(SECOND);
      }
      const path = `/api/v1/tickets/${present(tokens[0])}/delay`;
      const first = await request(server.url, path, { method: 'POST', json: {} });
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ delay: { from: 1, to: 4 }, ticket: { number: 'A001', position: 4 } });
      const second = await request(server.url, path, { method: 'POST', json: {} });
      expect(second.status).toBe(409);
      expect(second.json).toMatchObject({ error: { code: 'CONFLICT' } });
      const rejoin = await request(server.url, `/api/v1/tickets/${present(tokens[1])}/rejoin`, { method: 'POST', json: {} });
      expect(rejoin.status).toBe(409);
    } finally {
      await server.close();
    }
  });
});
