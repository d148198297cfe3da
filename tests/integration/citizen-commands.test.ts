// Drivers: both. Why: cancel and rating change rows under the ticket's version check and a transaction.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { ratings } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { type FixtureCounter, type HallFixture, createHallFixture } from '../support/hall-fixture';
import { errorCode, eventsOf, present, ticketById, ticketsOf, unwrap } from '../support/results';

const MINUTE = 60_000;
const phone = '13812341234';

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
  counter: (n: number) => string;
  issue: (prefix: string, options?: { phone?: string }) => Promise<{ id: string; number: string; token: string }>;
}

/** Counter 1 serves A, counter 2 serves B, unless said otherwise. */
async function setup(counters: FixtureCounter[] = [
  { number: 1, serves: ['A'] },
  { number: 2, serves: ['B'] },
]): Promise<Setup> {
  const clock = createFakeClock('2026-11-27T02:00:00Z');
  const services = createServices({ db: handle.db, clock });
  const hall = await createHallFixture(handle.db, { counters });
  return {
    clock,
    services,
    hall,
    counter: (n) => present(hall.counterIds[n], `counter ${n}`),
    issue: async (prefix, options = {}) => {
      const serviceId = present(hall.serviceIds[prefix], `service ${prefix}`);
      const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId, ...options }));
      return { id: issued.id, number: issued.number, token: issued.token };
    },
  };
}

/** Counter N calls its next ticket, starts and completes it. */
async function serve(s: Setup, n: number) {
  const staff = s.hall.staffOf(n);
  unwrap(await s.services.counters.callNext(staff, s.counter(n)));
  unwrap(await s.services.counters.start(staff, s.counter(n)));
  unwrap(await s.services.counters.complete(staff, s.counter(n), { outcome: 'handled' }));
}

describe('tickets.view', () => {
  it('shows the place in the queue, then the counter that called it', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const a2 = await s.issue('A');
    const waiting = unwrap(await s.services.tickets.view(a2.token));
    expect(waiting).toMatchObject({
      number: 'A002',
      status: 'waiting',
      position: 2,
      counterNumber: null,
      counterName: null,
      serviceId: s.hall.serviceIds.A,
      serviceName: '事项A',
      hall: { id: s.hall.hallId, slug: s.hall.slug },
      issuedAt: '2026-11-27T02:00:00.000Z',
      calledAt: null,
      phoneMasked: null,
      rated: false,
    });
    expect(waiting.etaMinutes?.high).toBeGreaterThan(0);

    s.clock.advance(MINUTE);
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    expect(unwrap(await s.services.tickets.view(a2.token)).position).toBe(1);
    expect(unwrap(await s.services.tickets.view(a1.token))).toMatchObject({
      status: 'called',
      position: null,
      etaMinutes: null,
      counterNumber: 1,
      counterName: '1号窗口',
      calledAt: '2026-11-27T02:01:00.000Z',
    });
    expect(errorCode(await s.services.tickets.view('x'.repeat(24)))).toBe('NOT_FOUND');
  });

  it('follows the transfer chain: the original link shows the latest ticket of the visit', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    unwrap(await s.services.counters.transfer(s.hall.staffOf(1), s.counter(1), { serviceId: present(s.hall.serviceIds.B) }));

    const moved = unwrap(await s.services.tickets.view(a1.token));
    expect(moved).toMatchObject({
      number: 'A001',
      status: 'waiting',
      position: 1,
      serviceId: s.hall.serviceIds.B,
      serviceName: '事项B',
      counterNumber: null,
      issuedAt: '2026-11-27T02:00:00.000Z',
    });

    unwrap(await s.services.counters.callNext(s.hall.staffOf(2), s.counter(2)));
    expect(unwrap(await s.services.tickets.view(a1.token))).toMatchObject({ status: 'called', counterNumber: 2 });
    // Sent back to A within the same instant: the link still finds the newest ticket.
    unwrap(await s.services.counters.transfer(s.hall.staffOf(2), s.counter(2), { serviceId: present(s.hall.serviceIds.A) }));
    expect(unwrap(await s.services.tickets.view(a1.token))).toMatchObject({
      number: 'A001',
      status: 'waiting',
      serviceId: s.hall.serviceIds.A,
      counterNumber: null,
    });
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    unwrap(await s.services.counters.start(s.hall.staffOf(1), s.counter(1)));
    expect(unwrap(await s.services.tickets.view(a1.token))).toMatchObject({ status: 'serving', counterNumber: 1 });
    unwrap(await s.services.counters.complete(s.hall.staffOf(1), s.counter(1), {}));
    expect(unwrap(await s.services.tickets.view(a1.token)).status).toBe('completed');

    const chain = await ticketsOf(handle.db, s.hall.hallId);
    expect(chain.map((t) => t.status)).toEqual(['transferred', 'transferred', 'completed']);
    expect(chain.every((t) => t.rootTicketId === a1.id)).toBe(true);
  });

  it('never contains the raw phone number', async () => {
    const s = await setup();
    const a1 = await s.issue('A', { phone });
    const views = [unwrap(await s.services.tickets.view(a1.token))];
    const called = unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    views.push(unwrap(await s.services.tickets.view(a1.token)));
    unwrap(await s.services.counters.transfer(s.hall.staffOf(1), s.counter(1), { serviceId: present(s.hall.serviceIds.B) }));
    views.push(unwrap(await s.services.tickets.view(a1.token)));

    for (const view of views) {
      expect(view.phoneMasked).toBe('138****1234');
      expect(JSON.stringify(view)).not.toContain(phone);
    }
    // Staff see it masked too, and the events (pushed to screens) never carry it.
    expect(called.ticket?.phoneMasked).toBe('138****1234');
    expect(JSON.stringify(called)).not.toContain(phone);
    expect(JSON.stringify(await eventsOf(handle.db, s.hall.hallId))).not.toContain(phone);
    // Stored once, on the visit's first ticket.
    expect((await ticketById(handle.db, a1.id)).phone).toBe(phone);
    expect((await ticketsOf(handle.db, s.hall.hallId)).filter((t) => t.phone !== null)).toHaveLength(1);
  });
});

describe('tickets.cancel', () => {
  it('cancels a waiting ticket once', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const a2 = await s.issue('A');
    s.clock.advance(2 * MINUTE);
    const cancelled = unwrap(await s.services.tickets.cancel(a1.token));
    expect(cancelled).toMatchObject({ number: 'A001', status: 'cancelled', position: null });

    const row = await ticketById(handle.db, a1.id);
    expect(row.status).toBe('cancelled');
    expect(row.finishedAt?.toISOString()).toBe('2026-11-27T02:02:00.000Z');
    const events = (await eventsOf(handle.db, s.hall.hallId)).slice(-2);
    expect(events.map((e) => [e.type, e.ticketId, e.actor])).toEqual([
      ['ticket.cancelled', a1.id, `citizen:${a1.id}`],
      ['queue.changed', null, `citizen:${a1.id}`],
    ]);
    expect(events[0]?.data).toEqual({ number: 'A001', serviceId: s.hall.serviceIds.A });
    expect(unwrap(await s.services.tickets.view(a2.token)).position).toBe(1);

    expect(errorCode(await s.services.tickets.cancel(a1.token))).toBe('CONFLICT');
    expect(errorCode(await s.services.tickets.cancel('y'.repeat(24)))).toBe('NOT_FOUND');
    // The cancelled ticket is never called.
    const next = unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    expect(next.ticket?.id).toBe(a2.id);
  });

  it('is refused once the ticket has been called', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    expect(errorCode(await s.services.tickets.cancel(a1.token))).toBe('CONFLICT');
    unwrap(await s.services.counters.start(s.hall.staffOf(1), s.counter(1)));
    expect(errorCode(await s.services.tickets.cancel(a1.token))).toBe('CONFLICT');
    expect((await ticketById(handle.db, a1.id)).status).toBe('serving');
    const types = (await eventsOf(handle.db, s.hall.hallId)).map((e) => e.type);
    expect(types).toEqual(['ticket.issued', 'queue.changed', 'ticket.called', 'queue.changed', 'ticket.started']);
  });

  it('cancels the waiting continuation of a transferred visit', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    unwrap(await s.services.counters.transfer(s.hall.staffOf(1), s.counter(1), { serviceId: present(s.hall.serviceIds.B) }));
    expect(unwrap(await s.services.tickets.cancel(a1.token))).toMatchObject({ status: 'cancelled', serviceId: s.hall.serviceIds.B });
    const chain = await ticketsOf(handle.db, s.hall.hallId);
    expect(chain.map((t) => t.status)).toEqual(['transferred', 'cancelled']);
    expect(unwrap(await s.services.counters.callNext(s.hall.staffOf(2), s.counter(2)))).toEqual({ ticket: null });
  });
});

describe('tickets.rate', () => {
  it('rates a served visit once, keyed by its first ticket', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'satisfied' }))).toBe('CONFLICT');
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'satisfied' }))).toBe('CONFLICT');
    unwrap(await s.services.counters.start(s.hall.staffOf(1), s.counter(1)));
    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'satisfied' }))).toBe('CONFLICT');
    unwrap(await s.services.counters.complete(s.hall.staffOf(1), s.counter(1), {}));
    expect(await handle.db.select().from(ratings).where(eq(ratings.hallId, s.hall.hallId))).toEqual([]);

    s.clock.advance(MINUTE);
    const rated = unwrap(
      await s.services.tickets.rate(a1.token, {
        level: 'very_satisfied',
        efficiency: 5,
        serviceLevel: 4,
        attitude: 5,
        comment: '办事快',
      }),
    );
    expect(rated).toEqual({ rating: { level: 'very_satisfied', at: '2026-11-27T02:01:00.000Z' } });
    const rows = await handle.db.select().from(ratings).where(eq(ratings.hallId, s.hall.hallId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rootTicketId: a1.id,
      counterId: s.counter(1),
      level: 'very_satisfied',
      efficiency: 5,
      serviceLevel: 4,
      attitude: 5,
      comment: '办事快',
    });
    expect(unwrap(await s.services.tickets.view(a1.token)).rated).toBe(true);
    const rateEvent = (await eventsOf(handle.db, s.hall.hallId)).at(-1);
    expect(rateEvent).toMatchObject({ type: 'ticket.rated', ticketId: a1.id, counterId: s.counter(1) });
    expect(rateEvent?.data).toEqual({ number: 'A001', level: 'very_satisfied' });

    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'dissatisfied' }))).toBe('CONFLICT');
    expect(await handle.db.select().from(ratings).where(eq(ratings.hallId, s.hall.hallId))).toHaveLength(1);
    expect(errorCode(await s.services.tickets.rate('z'.repeat(24), { level: 'satisfied' }))).toBe('NOT_FOUND');
  });

  it('after a transfer, rates the visit as a whole at the counter that finished it', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    unwrap(await s.services.counters.transfer(s.hall.staffOf(1), s.counter(1), { serviceId: present(s.hall.serviceIds.B) }));
    // The first ticket is "transferred", not served: the visit is not finished yet.
    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'satisfied' }))).toBe('CONFLICT');
    await serve(s, 2);
    unwrap(await s.services.tickets.rate(a1.token, { level: 'basically_satisfied' }));
    const rows = await handle.db.select().from(ratings).where(eq(ratings.hallId, s.hall.hallId));
    expect(rows.map((r) => [r.rootTicketId, r.counterId, r.level])).toEqual([[a1.id, s.counter(2), 'basically_satisfied']]);
    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'satisfied' }))).toBe('CONFLICT');
  });

  it('is refused for a visit that ended without service', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const a2 = await s.issue('A');
    unwrap(await s.services.tickets.cancel(a1.token));
    unwrap(await s.services.counters.callNext(s.hall.staffOf(1), s.counter(1)));
    unwrap(await s.services.counters.noShow(s.hall.staffOf(1), s.counter(1)));
    expect(errorCode(await s.services.tickets.rate(a1.token, { level: 'dissatisfied' }))).toBe('CONFLICT');
    expect(errorCode(await s.services.tickets.rate(a2.token, { level: 'dissatisfied' }))).toBe('CONFLICT');
    expect(await handle.db.select().from(ratings).where(eq(ratings.hallId, s.hall.hallId))).toEqual([]);
  });
});
