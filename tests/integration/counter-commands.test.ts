// Drivers: both. Why: call-next's claim (FOR UPDATE SKIP LOCKED), the one-active-ticket index and transitions are SQL.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { type HallSettings, counters as counterTable, dailyCounters } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { type PriorityClass, orderQueue } from '../../server/domain/ordering';
import { type Services, createServices } from '../../server/services';
import type { StaffActor } from '../../server/services/actors';
import type { Result } from '../../server/services/result';
import { openTestDb } from '../support/db';
import { type FixtureCounter, type FixtureService, type HallFixture, createHallFixture } from '../support/hall-fixture';
import { errorCode, eventsOf, present, ticketById, ticketsOf, unwrap } from '../support/results';

const MINUTE = 60_000;
/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';

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
  /** Counter N's id. */
  counter: (n: number) => string;
  /** Staff bound to counter N. */
  staff: (n: number) => StaffActor;
  /** Issues a ticket of the service with that prefix and returns its id and number. */
  issue: (prefix: string, priorityClass?: PriorityClass) => Promise<{ id: string; number: string }>;
  /** Calls the next ticket at counter N and lets it go (no-show), returning its number. */
  callAndRelease: (n: number) => Promise<string | null>;
  events: () => ReturnType<typeof eventsOf>;
}

async function setup(
  options: { services?: FixtureService[]; counters?: FixtureCounter[]; settings?: Partial<HallSettings> } = {},
): Promise<Setup> {
  const clock = createFakeClock(start);
  const services = createServices({ db: handle.db, clock });
  const hall = await createHallFixture(handle.db, options);
  const counter = (n: number) => present(hall.counterIds[n], `counter ${n}`);
  return {
    clock,
    services,
    hall,
    counter,
    staff: (n) => hall.staffOf(n),
    issue: async (prefix, priorityClass) => {
      const serviceId = present(hall.serviceIds[prefix], `service ${prefix}`);
      const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId, priorityClass }));
      return { id: issued.id, number: issued.number };
    },
    callAndRelease: async (n) => {
      const called = unwrap(await services.counters.callNext(hall.staffOf(n), counter(n)));
      if (!called.ticket) return null;
      unwrap(await services.counters.noShow(hall.staffOf(n), counter(n)));
      return called.ticket.number;
    },
    events: () => eventsOf(handle.db, hall.hallId),
  };
}

async function counterRow(id: string) {
  const [row] = await handle.db.select().from(counterTable).where(eq(counterTable.id, id));
  return present(row, `counter ${id}`);
}

describe('call next', () => {
  it('calls in order of arrival and records who called, where and when', async () => {
    const s = await setup();
    const issued = [await s.issue('A'), await s.issue('A'), await s.issue('A'), await s.issue('A')];
    const seqBefore = (await s.events()).length;
    s.clock.advance(2 * MINUTE);

    const first = unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    expect(first.ticket).toMatchObject({
      id: issued[0]?.id,
      number: 'A001',
      status: 'called',
      counterId: s.counter(1),
      calledAt: '2026-11-27T02:02:00.000Z',
      serviceName: '事项A',
      recallCount: 0,
      transferred: false,
    });
    const second = unwrap(await s.services.counters.callNext(s.staff(2), s.counter(2)));
    expect(second.ticket?.number).toBe('A002');
    unwrap(await s.services.counters.noShow(s.staff(1), s.counter(1)));
    expect(await s.callAndRelease(1)).toBe('A003');
    expect(await s.callAndRelease(1)).toBe('A004');
    expect(await s.callAndRelease(1)).toBeNull();

    const row = await ticketById(handle.db, present(issued[0]).id);
    expect(row).toMatchObject({ status: 'no_show', counterId: s.counter(1), staffId: s.staff(1).id });
    expect(row.calledAt?.toISOString()).toBe('2026-11-27T02:02:00.000Z');
    const a2 = await ticketById(handle.db, present(issued[1]).id);
    expect(a2).toMatchObject({ status: 'called', counterId: s.counter(2), staffId: s.staff(2).id, version: 2 });

    const events = (await s.events()).slice(seqBefore);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => seqBefore + i + 1));
    const [called, changed] = events;
    expect(called).toMatchObject({
      type: 'ticket.called',
      ticketId: issued[0]?.id,
      counterId: s.counter(1),
      actor: `staff:${s.staff(1).id}`,
    });
    expect(called?.data).toMatchObject({
      number: 'A001',
      counterNumber: 1,
      counterId: s.counter(1),
      serviceId: s.hall.serviceIds.A,
    });
    expect(changed).toMatchObject({ type: 'queue.changed', data: { serviceId: s.hall.serviceIds.A } });
  });

  it('keeps numbering order among many tickets of the same instant (more than a call reads, past 999)', async () => {
    const s = await setup({ counters: [{ number: 1, serves: ['A'] }] });
    await s.issue('A');
    const serviceId = present(s.hall.serviceIds.A);
    await handle.db.update(dailyCounters).set({ lastSeq: 997 }).where(eq(dailyCounters.serviceId, serviceId));
    for (let i = 0; i < 36; i += 1) await s.issue('A');

    const preview = unwrap(await s.services.counters.state(s.staff(1), s.counter(1)));
    const expected = ['A001', ...Array.from({ length: 36 }, (_, i) => `A${998 + i}`)];
    expect(preview.queue.map((q) => q.number)).toEqual(expected);
    const called = [];
    for (let i = 0; i < 4; i += 1) called.push(await s.callAndRelease(1));
    expect(called).toEqual(['A001', 'A998', 'A999', 'A1000']);
  });

  it('takes a counter’s services together in order of arrival', async () => {
    const s = await setup();
    await s.issue('A');
    s.clock.advance(MINUTE);
    await s.issue('B');
    s.clock.advance(MINUTE);
    await s.issue('A');
    await s.issue('B');
    expect([await s.callAndRelease(1), await s.callAndRelease(1), await s.callAndRelease(1)]).toEqual([
      'A001',
      'B001',
      'A002',
    ]);
    expect(await s.callAndRelease(1)).toBe('B002');
  });

  it('interleaves priority tickets as the hall’s policy says, the same order the counter previews', async () => {
    const s = await setup({
      counters: [{ number: 1, serves: ['A'] }],
      settings: { priorityInterleave: 2, agingMinutes: 45 },
    });
    const classes: PriorityClass[] = ['normal', 'normal', 'normal', 'elderly', 'normal', 'elderly', 'normal'];
    for (const c of classes) {
      await s.issue('A', c);
      s.clock.advance(MINUTE);
    }
    const rows = await ticketsOf(handle.db, s.hall.hallId);
    const policyOrder = orderQueue(
      rows.map((r) => ({ id: r.id, number: r.number, queuedAt: r.queuedAt, priorityClass: r.priorityClass as PriorityClass })),
      { interleave: 2, agingMinutes: 45 },
      s.clock.now(),
    ).map((o) => o.entry.number);
    expect(policyOrder).toEqual(['A001', 'A002', 'A004', 'A003', 'A005', 'A006', 'A007']);

    const preview = unwrap(await s.services.counters.state(s.staff(1), s.counter(1)));
    expect(preview.queue.map((q) => [q.number, q.lane])).toEqual([
      ['A001', 'normal'],
      ['A002', 'normal'],
      ['A004', 'priority'],
      ['A003', 'normal'],
      ['A005', 'normal'],
      ['A006', 'priority'],
      ['A007', 'normal'],
    ]);

    const calledOrder: string[] = [];
    const memory: number[] = [];
    for (let i = 0; i < classes.length; i += 1) {
      calledOrder.push(present(await s.callAndRelease(1)));
      memory.push((await counterRow(s.counter(1))).normalSincePriority);
    }
    expect(calledOrder).toEqual(policyOrder);
    expect(memory).toEqual([1, 2, 0, 1, 2, 0, 1]);
  });

  it('keeps the interleave memory per counter across calls', async () => {
    const s = await setup({
      counters: [{ number: 1, serves: ['A'] }],
      settings: { priorityInterleave: 2, agingMinutes: 45 },
    });
    await s.issue('A');
    await s.issue('A');
    expect([await s.callAndRelease(1), await s.callAndRelease(1)]).toEqual(['A001', 'A002']);
    // Two normals were called already: the next priority ticket goes ahead of an earlier normal one.
    s.clock.advance(MINUTE);
    await s.issue('A');
    s.clock.advance(MINUTE);
    await s.issue('A', 'disabled');
    expect(await s.callAndRelease(1)).toBe('A004');
    expect(await s.callAndRelease(1)).toBe('A003');
  });

  it('calls a ticket that has waited agingMinutes first, whatever its class', async () => {
    const s = await setup({
      counters: [{ number: 1, serves: ['A'] }],
      settings: { priorityInterleave: 0, agingMinutes: 30 },
    });
    await s.issue('A');
    s.clock.advance(10 * MINUTE);
    await s.issue('A', 'pregnant');
    s.clock.advance(MINUTE);
    await s.issue('A', 'elderly');

    // Interleave 0: priority first while nobody has waited long.
    const before = unwrap(await s.services.counters.state(s.staff(1), s.counter(1)));
    expect(before.queue.map((q) => [q.number, q.lane])).toEqual([
      ['A002', 'priority'],
      ['A003', 'priority'],
      ['A001', 'normal'],
    ]);
    // Exactly thirty minutes after A001 was issued it counts as aged.
    s.clock.set(new Date(new Date(start).getTime() + 30 * MINUTE));
    const after = unwrap(await s.services.counters.state(s.staff(1), s.counter(1)));
    expect(after.queue.map((q) => [q.number, q.lane])).toEqual([
      ['A001', 'aged'],
      ['A002', 'priority'],
      ['A003', 'priority'],
    ]);
    expect(await s.callAndRelease(1)).toBe('A001');
    expect(await s.callAndRelease(1)).toBe('A002');
  });

  it('refuses at a counter that is not open, and changes nothing', async () => {
    const s = await setup({
      counters: [
        { number: 1, serves: ['A'], status: 'paused' },
        { number: 2, serves: ['A'], status: 'closed' },
      ],
    });
    const a1 = await s.issue('A');
    const eventsBefore = (await s.events()).length;
    expect(errorCode(await s.services.counters.callNext(s.staff(1), s.counter(1)))).toBe('CONFLICT');
    expect(errorCode(await s.services.counters.callNext(s.staff(2), s.counter(2)))).toBe('CONFLICT');
    expect((await ticketById(handle.db, a1.id)).status).toBe('waiting');
    expect(await s.events()).toHaveLength(eventsBefore);
  });

  it('refuses while the counter still has a called or serving ticket', async () => {
    const s = await setup();
    await s.issue('A');
    const a2 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    expect(errorCode(await s.services.counters.callNext(s.staff(1), s.counter(1)))).toBe('CONFLICT');
    unwrap(await s.services.counters.start(s.staff(1), s.counter(1)));
    expect(errorCode(await s.services.counters.callNext(s.staff(1), s.counter(1)))).toBe('CONFLICT');
    expect((await ticketById(handle.db, a2.id)).status).toBe('waiting');
    unwrap(await s.services.counters.complete(s.staff(1), s.counter(1), {}));
    expect(unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1))).ticket?.id).toBe(a2.id);
  });

  it('answers { ticket: null } when nobody waits, with no events and no change of memory', async () => {
    const s = await setup();
    expect(unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)))).toEqual({ ticket: null });
    expect(await s.events()).toHaveLength(0);
    expect((await counterRow(s.counter(1))).normalSincePriority).toBe(0);
  });

  it('only calls the services the counter serves', async () => {
    const s = await setup();
    const b1 = await s.issue('B');
    expect(unwrap(await s.services.counters.callNext(s.staff(2), s.counter(2)))).toEqual({ ticket: null });
    expect((await ticketById(handle.db, b1.id)).status).toBe('waiting');
    const a1 = await s.issue('A');
    expect(unwrap(await s.services.counters.callNext(s.staff(2), s.counter(2))).ticket?.id).toBe(a1.id);
    expect(unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1))).ticket?.id).toBe(b1.id);
  });

  it('lets staff act only for their own counter: every command refuses anyone else, changing nothing', async () => {
    const s = await setup();
    const other = await createHallFixture(handle.db);
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    const eventsBefore = await s.events();
    const counterBefore = await counterRow(s.counter(1));
    const ticketBefore = await ticketById(handle.db, a1.id);

    const c1 = s.counter(1);
    const intruders = [s.staff(2), s.hall.leader, other.staffOf(1)];
    for (const actor of intruders) {
      const attempts: Array<Promise<Result<unknown>>> = [
        s.services.counters.callNext(actor, c1),
        s.services.counters.callChosen(actor, c1, a1.id, '测试原因'),
        s.services.counters.recall(actor, c1),
        s.services.counters.start(actor, c1),
        s.services.counters.complete(actor, c1, { outcome: 'handled' }),
        s.services.counters.noShow(actor, c1),
        s.services.counters.park(actor, c1),
        s.services.counters.returnParked(actor, c1, a1.id),
        s.services.counters.transfer(actor, c1, { serviceId: present(s.hall.serviceIds.B) }),
        s.services.counters.open(actor, c1),
        s.services.counters.pause(actor, c1, '休息'),
        s.services.counters.resume(actor, c1),
        s.services.counters.close(actor, c1),
      ];
      for (const result of await Promise.all(attempts)) expect(errorCode(result)).toBe('FORBIDDEN');
    }
    expect(await s.events()).toEqual(eventsBefore);
    expect(await counterRow(s.counter(1))).toEqual(counterBefore);
    expect(await ticketById(handle.db, a1.id)).toEqual(ticketBefore);
  });
});

describe('call chosen (out of turn)', () => {
  it('calls the chosen waiting ticket and records the reason and how many it passed over', async () => {
    const s = await setup();
    await s.issue('A');
    await s.issue('A');
    const a3 = await s.issue('A');
    const called = unwrap(await s.services.counters.callChosen(s.staff(1), s.counter(1), a3.id, '老人身体不适'));
    expect(called.ticket).toMatchObject({ id: a3.id, number: 'A003', status: 'called', counterId: s.counter(1) });
    expect(await ticketById(handle.db, a3.id)).toMatchObject({ status: 'called', counterId: s.counter(1) });

    const events = await s.events();
    const callEvent = present(events.find((e) => e.type === 'ticket.called'));
    expect(callEvent.ticketId).toBe(a3.id);
    expect(callEvent.data).toMatchObject({
      number: 'A003',
      counterNumber: 1,
      counterId: s.counter(1),
      serviceId: s.hall.serviceIds.A,
      outOfTurn: true,
      reason: '老人身体不适',
      skipped: 2,
    });
    expect(events.at(-1)).toMatchObject({ type: 'queue.changed', data: { serviceId: s.hall.serviceIds.A } });
    // The others keep their order.
    expect(await s.callAndRelease(2)).toBe('A001');
  });

  it('the head of the queue passes over nobody', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    await s.issue('A');
    unwrap(await s.services.counters.callChosen(s.staff(1), s.counter(1), a1.id, '按序叫号'));
    const callEvent = present((await s.events()).find((e) => e.type === 'ticket.called'));
    expect(callEvent.data).toMatchObject({ outOfTurn: true, skipped: 0 });
  });

  it('needs a waiting ticket of today that the counter serves, in its own hall', async () => {
    const s = await setup();
    const other = await createHallFixture(handle.db);
    const otherTicket = unwrap(
      await s.services.tickets.issue(other.slug, { serviceId: present(other.serviceIds.A) }),
    );
    const b1 = await s.issue('B');
    const a1 = await s.issue('A');
    const a2 = await s.issue('A');
    const c2 = s.counter(2);
    const staff2 = s.staff(2);

    expect(errorCode(await s.services.counters.callChosen(staff2, c2, otherTicket.id, '跨厅叫号'))).toBe('NOT_FOUND');
    expect(errorCode(await s.services.counters.callChosen(staff2, c2, randomUUID(), '不存在'))).toBe('NOT_FOUND');
    // Counter 2 serves A only.
    expect(errorCode(await s.services.counters.callChosen(staff2, c2, b1.id, '不办此项'))).toBe('CONFLICT');
    // A ticket already called elsewhere is not waiting any more.
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    expect(errorCode(await s.services.counters.callChosen(staff2, c2, a1.id, '已被叫走'))).toBe('CONFLICT');
    expect((await ticketById(handle.db, otherTicket.id)).status).toBe('waiting');
    expect((await ticketById(handle.db, b1.id)).status).toBe('waiting');

    // And the counter must be free.
    unwrap(await s.services.counters.callChosen(staff2, c2, a2.id, '预约到号'));
    const a3 = await s.issue('A');
    expect(errorCode(await s.services.counters.callChosen(staff2, c2, a3.id, '窗口忙'))).toBe('CONFLICT');

    // Yesterday's ticket is not called today.
    unwrap(await s.services.counters.noShow(staff2, c2));
    s.clock.set('2026-11-27T16:30:00Z');
    expect(errorCode(await s.services.counters.callChosen(staff2, c2, a3.id, '隔日叫号'))).toBe('CONFLICT');
    expect((await ticketById(handle.db, a3.id)).status).toBe('waiting');
  });
});

describe('the ticket at the counter', () => {
  it('recall, start and complete', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const c1 = s.counter(1);
    const staff1 = s.staff(1);
    unwrap(await s.services.counters.callNext(staff1, c1));
    s.clock.advance(MINUTE);
    expect(unwrap(await s.services.counters.recall(staff1, c1)).ticket?.recallCount).toBe(1);
    expect(unwrap(await s.services.counters.recall(staff1, c1)).ticket?.recallCount).toBe(2);
    expect(errorCode(await s.services.counters.complete(staff1, c1, {}))).toBe('CONFLICT');

    s.clock.advance(MINUTE);
    const started = unwrap(await s.services.counters.start(staff1, c1));
    expect(started.ticket).toMatchObject({ status: 'serving', startedAt: '2026-11-27T02:02:00.000Z', recallCount: 2 });
    expect(errorCode(await s.services.counters.recall(staff1, c1))).toBe('CONFLICT');
    expect(errorCode(await s.services.counters.start(staff1, c1))).toBe('CONFLICT');
    expect(errorCode(await s.services.counters.noShow(staff1, c1))).toBe('CONFLICT');

    s.clock.advance(5 * MINUTE);
    const done = unwrap(await s.services.counters.complete(staff1, c1, { outcome: 'accepted', note: '材料齐全' }));
    expect(done.ticket).toMatchObject({ id: a1.id, status: 'completed' });
    const row = await ticketById(handle.db, a1.id);
    expect(row).toMatchObject({ status: 'completed', outcome: 'accepted', note: '材料齐全', recallCount: 2 });
    expect(row.startedAt?.toISOString()).toBe('2026-11-27T02:02:00.000Z');
    expect(row.finishedAt?.toISOString()).toBe('2026-11-27T02:07:00.000Z');

    const events = (await s.events()).filter((e) => e.ticketId === a1.id);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.issued',
      'ticket.called',
      'ticket.recalled',
      'ticket.recalled',
      'ticket.started',
      'ticket.completed',
    ]);
    expect(events[2]?.data).toMatchObject({ number: 'A001', counterNumber: 1, counterId: c1, recallCount: 1 });
    expect(events[3]?.data).toMatchObject({ recallCount: 2 });
    expect(events[5]?.data).toMatchObject({ number: 'A001', outcome: 'accepted' });
    // Every command on the ticket bumped its version.
    expect(row.version).toBe(6);

    // The counter is free again; nothing is active so ticket commands are refused.
    for (const result of [
      await s.services.counters.recall(staff1, c1),
      await s.services.counters.start(staff1, c1),
      await s.services.counters.complete(staff1, c1, {}),
      await s.services.counters.noShow(staff1, c1),
      await s.services.counters.park(staff1, c1),
      await s.services.counters.transfer(staff1, c1, { serviceId: present(s.hall.serviceIds.B) }),
    ]) {
      expect(errorCode(result)).toBe('CONFLICT');
    }
  });

  it('complete without an outcome records "handled"', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    unwrap(await s.services.counters.start(s.staff(1), s.counter(1)));
    unwrap(await s.services.counters.complete(s.staff(1), s.counter(1), {}));
    expect((await ticketById(handle.db, a1.id)).outcome).toBe('handled');
  });

  it('no-show ends a called ticket and frees the counter', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const a2 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    s.clock.advance(3 * MINUTE);
    expect(unwrap(await s.services.counters.noShow(s.staff(1), s.counter(1))).ticket?.status).toBe('no_show');
    const row = await ticketById(handle.db, a1.id);
    expect(row.status).toBe('no_show');
    expect(row.finishedAt?.toISOString()).toBe('2026-11-27T02:03:00.000Z');
    const noShow = present((await s.events()).find((e) => e.type === 'ticket.no_show'));
    expect(noShow).toMatchObject({ ticketId: a1.id, counterId: s.counter(1) });
    expect(noShow.data).toMatchObject({ number: 'A001', counterNumber: 1 });
    expect(unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1))).ticket?.id).toBe(a2.id);
  });

  it('park, then return to the same counter only', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const a2 = await s.issue('A');
    const c1 = s.counter(1);
    const staff1 = s.staff(1);
    unwrap(await s.services.counters.callNext(staff1, c1));
    unwrap(await s.services.counters.start(staff1, c1));
    const parked = unwrap(await s.services.counters.park(staff1, c1));
    expect(parked.ticket).toMatchObject({ id: a1.id, status: 'parked', counterId: c1 });
    expect(await ticketById(handle.db, a1.id)).toMatchObject({ status: 'parked', counterId: c1 });

    // The counter is free while the citizen fetches a missing paper.
    const state = unwrap(await s.services.counters.state(staff1, c1));
    expect(state.current).toBeNull();
    expect(state.parked.map((t) => t.id)).toEqual([a1.id]);
    expect(unwrap(await s.services.counters.callNext(staff1, c1)).ticket?.id).toBe(a2.id);
    expect(errorCode(await s.services.counters.returnParked(staff1, c1, a1.id))).toBe('CONFLICT');
    unwrap(await s.services.counters.noShow(staff1, c1));

    // Counter 2 serves the same service, but the ticket was parked at counter 1.
    const refused = await s.services.counters.returnParked(s.staff(2), s.counter(2), a1.id);
    expect(refused.ok).toBe(false);
    expect((await ticketById(handle.db, a1.id)).status).toBe('parked');

    s.clock.advance(10 * MINUTE);
    const back = unwrap(await s.services.counters.returnParked(staff1, c1, a1.id));
    expect(back.ticket).toMatchObject({ id: a1.id, status: 'called', counterId: c1, calledAt: '2026-11-27T02:10:00.000Z' });
    const events = (await s.events()).filter((e) => e.ticketId === a1.id);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.issued',
      'ticket.called',
      'ticket.started',
      'ticket.parked',
      'ticket.called',
    ]);
    expect(events.at(-1)?.data).toMatchObject({ number: 'A001', counterNumber: 1, counterId: c1, returned: true });
    // Only a parked ticket returns.
    unwrap(await s.services.counters.start(staff1, c1));
    unwrap(await s.services.counters.complete(staff1, c1, {}));
    expect(errorCode(await s.services.counters.returnParked(staff1, c1, a1.id))).toBe('CONFLICT');
    expect(unwrap(await s.services.counters.state(staff1, c1)).parked).toEqual([]);
  });

  it('a parked citizen who never comes back is marked no-show by ticket id, at that counter only', async () => {
    const s = await setup();
    const a1 = await s.issue('A');
    const c1 = s.counter(1);
    const staff1 = s.staff(1);
    unwrap(await s.services.counters.callNext(staff1, c1));
    unwrap(await s.services.counters.park(staff1, c1));

    // Another counter cannot close it, and a waiting ticket is not "parked".
    expect(errorCode(await s.services.counters.noShow(s.staff(2), s.counter(2), undefined, { ticketId: a1.id }))).toBe(
      'NOT_FOUND',
    );
    const a2 = await s.issue('A');
    expect(errorCode(await s.services.counters.noShow(staff1, c1, undefined, { ticketId: a2.id }))).toBe('NOT_FOUND');
    expect((await ticketById(handle.db, a1.id)).status).toBe('parked');

    const closed = unwrap(await s.services.counters.noShow(staff1, c1, undefined, { ticketId: a1.id }));
    expect(closed.ticket).toMatchObject({ id: a1.id, status: 'no_show' });
    expect(unwrap(await s.services.counters.state(staff1, c1)).parked).toEqual([]);
    const last = (await s.events()).filter((e) => e.ticketId === a1.id).at(-1);
    expect(last).toMatchObject({ type: 'ticket.no_show', data: { number: 'A001', counterNumber: 1 } });
  });

  it('transfer to a service: the continuation keeps number, lineage and place in the queue', async () => {
    const s = await setup({
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['B'] },
      ],
    });
    const a1 = await s.issue('A');
    s.clock.advance(5 * MINUTE);
    const b1 = await s.issue('B');
    s.clock.advance(5 * MINUTE);
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    const moved = unwrap(
      await s.services.counters.transfer(s.staff(1), s.counter(1), { serviceId: present(s.hall.serviceIds.B), note: '需补办' }),
    );
    expect(moved.ticket).toMatchObject({ id: a1.id, status: 'transferred' });

    const parent = await ticketById(handle.db, a1.id);
    expect(parent).toMatchObject({ status: 'transferred', counterId: s.counter(1), note: '需补办' });
    expect(parent.finishedAt?.toISOString()).toBe('2026-11-27T02:10:00.000Z');
    const rows = await ticketsOf(handle.db, s.hall.hallId);
    const child = present(rows.find((r) => r.parentTicketId === a1.id));
    expect(child).toMatchObject({
      serviceId: s.hall.serviceIds.B,
      number: 'A001',
      seq: null,
      day: '2026-11-27',
      status: 'waiting',
      priorityClass: 'normal',
      rootTicketId: a1.id,
      targetCounterId: null,
      counterId: null,
      token: null,
    });
    expect(child.queuedAt.toISOString()).toBe(parent.queuedAt.toISOString());
    expect(child.issuedAt.toISOString()).toBe('2026-11-27T02:10:00.000Z');
    // The target service's numbering is untouched.
    const bCounters = await handle.db
      .select()
      .from(dailyCounters)
      .where(eq(dailyCounters.serviceId, present(s.hall.serviceIds.B)));
    expect(bCounters.map((r) => r.lastSeq)).toEqual([1]);

    const events = await s.events();
    const transferred = present(events.find((e) => e.type === 'ticket.transferred'));
    expect(transferred).toMatchObject({ ticketId: a1.id, counterId: s.counter(1) });
    expect(transferred.data).toMatchObject({
      number: 'A001',
      childTicketId: child.id,
      toServiceId: s.hall.serviceIds.B,
      toCounterId: null,
    });
    expect(events.at(-1)).toMatchObject({ type: 'queue.changed', data: { serviceId: s.hall.serviceIds.B } });

    // It arrived first, so it goes ahead of B001 in the B queue.
    const preview = unwrap(await s.services.counters.state(s.staff(2), s.counter(2)));
    expect(preview.queue.map((q) => q.number)).toEqual(['A001', 'B001']);
    const called = unwrap(await s.services.counters.callNext(s.staff(2), s.counter(2)));
    expect(called.ticket).toMatchObject({ id: child.id, number: 'A001', transferred: true, serviceId: s.hall.serviceIds.B });
    expect((await ticketById(handle.db, b1.id)).status).toBe('waiting');

    // A second transfer keeps the root of the visit.
    unwrap(await s.services.counters.transfer(s.staff(2), s.counter(2), { serviceId: present(s.hall.serviceIds.A) }));
    const grandchild = present((await ticketsOf(handle.db, s.hall.hallId)).find((r) => r.parentTicketId === child.id));
    expect(grandchild).toMatchObject({ rootTicketId: a1.id, serviceId: s.hall.serviceIds.A, number: 'A001', status: 'waiting' });
  });

  it('transfer to a counter: only that counter may call the ticket', async () => {
    const s = await setup({
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
        { number: 3, serves: ['A'] },
      ],
      settings: { priorityInterleave: 0 },
    });
    const a1 = await s.issue('A', 'elderly');
    s.clock.advance(MINUTE);
    const a2 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    unwrap(await s.services.counters.transfer(s.staff(1), s.counter(1), { counterId: s.counter(3) }));
    const child = present((await ticketsOf(handle.db, s.hall.hallId)).find((r) => r.parentTicketId === a1.id));
    expect(child).toMatchObject({
      targetCounterId: s.counter(3),
      serviceId: s.hall.serviceIds.A,
      status: 'waiting',
      priorityClass: 'elderly',
    });
    const transferred = present((await s.events()).find((e) => e.type === 'ticket.transferred'));
    expect(transferred.data).toMatchObject({ toCounterId: s.counter(3), toCounterNumber: 3, toServiceId: s.hall.serviceIds.A });

    // Counter 2 serves the same service, yet passes the transferred ticket by.
    expect(unwrap(await s.services.counters.state(s.staff(2), s.counter(2))).queue.map((q) => q.id)).toEqual([a2.id]);
    expect(await s.callAndRelease(2)).toBe('A002');
    expect(unwrap(await s.services.counters.callNext(s.staff(2), s.counter(2)))).toEqual({ ticket: null });
    expect(errorCode(await s.services.counters.callChosen(s.staff(2), s.counter(2), child.id, '越窗叫号'))).toBe(
      'CONFLICT',
    );
    expect(unwrap(await s.services.counters.state(s.staff(3), s.counter(3))).queue.map((q) => q.id)).toEqual([child.id]);
    expect(unwrap(await s.services.counters.callNext(s.staff(3), s.counter(3))).ticket?.id).toBe(child.id);
  });

  it('transfer is refused to its own counter or outside the hall', async () => {
    const s = await setup();
    const other = await createHallFixture(handle.db);
    const a1 = await s.issue('A');
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    const eventsBefore = (await s.events()).length;
    expect(errorCode(await s.services.counters.transfer(s.staff(1), s.counter(1), { counterId: s.counter(1) }))).toBe(
      'CONFLICT',
    );
    expect(
      errorCode(
        await s.services.counters.transfer(s.staff(1), s.counter(1), { counterId: present(other.counterIds[1]) }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await s.services.counters.transfer(s.staff(1), s.counter(1), { serviceId: present(other.serviceIds.B) }),
      ),
    ).toBe('NOT_FOUND');
    expect(await ticketById(handle.db, a1.id)).toMatchObject({ status: 'called', counterId: s.counter(1) });
    expect(await ticketsOf(handle.db, s.hall.hallId)).toHaveLength(1);
    expect(await s.events()).toHaveLength(eventsBefore);
  });
});

describe('counter status', () => {
  it('open, pause with a reason, resume, close; illegal moves refused; each change announced', async () => {
    const s = await setup({ counters: [{ number: 1, serves: ['A'], status: 'closed' }] });
    const c1 = s.counter(1);
    const staff1 = s.staff(1);
    const counters = s.services.counters;

    expect(errorCode(await counters.pause(staff1, c1, '午休'))).toBe('CONFLICT');
    expect(errorCode(await counters.resume(staff1, c1))).toBe('CONFLICT');
    expect(errorCode(await counters.close(staff1, c1))).toBe('CONFLICT');

    s.clock.advance(MINUTE);
    const opened = unwrap(await counters.open(staff1, c1));
    expect(opened.counter).toMatchObject({ id: c1, number: 1, status: 'open', pauseReason: null, serving: null });
    expect(opened.counter.serviceIds).toEqual([s.hall.serviceIds.A]);
    expect((await counterRow(c1)).statusSince.toISOString()).toBe('2026-11-27T02:01:00.000Z');
    expect(errorCode(await counters.open(staff1, c1))).toBe('CONFLICT');
    expect(errorCode(await counters.resume(staff1, c1))).toBe('CONFLICT');

    const paused = unwrap(await counters.pause(staff1, c1, '系统故障'));
    expect(paused.counter).toMatchObject({ status: 'paused', pauseReason: '系统故障' });
    expect(await counterRow(c1)).toMatchObject({ status: 'paused', pauseReason: '系统故障' });
    expect(errorCode(await counters.pause(staff1, c1, '再次暂停'))).toBe('CONFLICT');
    expect(errorCode(await counters.open(staff1, c1))).toBe('CONFLICT');

    const resumed = unwrap(await counters.resume(staff1, c1));
    expect(resumed.counter).toMatchObject({ status: 'open', pauseReason: null });

    // Not while a ticket is called or in service.
    await s.issue('A');
    unwrap(await counters.callNext(staff1, c1));
    const closing = await counters.close(staff1, c1);
    expect(errorCode(closing)).toBe('CONFLICT');
    expect((await counterRow(c1)).status).toBe('open');
    unwrap(await counters.start(staff1, c1));
    expect(errorCode(await counters.close(staff1, c1))).toBe('CONFLICT');
    unwrap(await counters.complete(staff1, c1, {}));

    const closed = unwrap(await counters.close(staff1, c1));
    expect(closed.counter).toMatchObject({ status: 'closed', pauseReason: null });
    expect(errorCode(await counters.resume(staff1, c1))).toBe('CONFLICT');
    // A paused counter may close directly.
    unwrap(await counters.open(staff1, c1));
    unwrap(await counters.pause(staff1, c1, '下班'));
    unwrap(await counters.close(staff1, c1));

    const updates = (await s.events()).filter((e) => e.type === 'counter.updated');
    expect(updates.map((e) => [e.data.status, e.data.pauseReason])).toEqual([
      ['open', null],
      ['paused', '系统故障'],
      ['open', null],
      ['closed', null],
      ['open', null],
      ['paused', '下班'],
      ['closed', null],
    ]);
    expect(updates.every((e) => e.counterId === c1 && e.data.counterId === c1 && e.data.number === 1)).toBe(true);
  });
});

describe('counter state', () => {
  it('shows the queue in policy order with lanes, the current ticket and the parked ones', async () => {
    const s = await setup({ settings: { priorityInterleave: 2, agingMinutes: 45 } });
    const a1 = await s.issue('A');
    s.clock.advance(MINUTE);
    const a2 = await s.issue('A');
    s.clock.advance(MINUTE);
    await s.issue('B');
    s.clock.advance(MINUTE);
    await s.issue('A', 'green_channel');
    s.clock.advance(MINUTE);
    await s.issue('A');

    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));
    unwrap(await s.services.counters.park(s.staff(1), s.counter(1)));
    unwrap(await s.services.counters.callNext(s.staff(1), s.counter(1)));

    const state = unwrap(await s.services.counters.state(s.staff(1), s.counter(1)));
    expect(state.counter).toMatchObject({ id: s.counter(1), status: 'open', serving: { number: 'A002', status: 'called' } });
    expect(state.current).toMatchObject({ id: a2.id, status: 'called' });
    expect(state.parked.map((t) => t.id)).toEqual([a1.id]);
    // Two normals called since the last priority ticket: the priority ticket is next.
    expect(state.queue.map((q) => [q.number, q.lane, q.serviceName])).toEqual([
      ['A003', 'priority', '事项A'],
      ['B001', 'normal', '事项B'],
      ['A004', 'normal', '事项A'],
    ]);
    expect(state.queue[0]?.priorityClass).toBe('green_channel');

    // Counter 2 serves A only and has called nobody yet: its own queue, its own memory.
    const second = unwrap(await s.services.counters.state(s.staff(2), s.counter(2)));
    expect(second.queue.map((q) => [q.number, q.lane])).toEqual([
      ['A004', 'normal'],
      ['A003', 'priority'],
    ]);
    // Anyone of the hall may look; nobody from another hall; an unknown counter is not found.
    expect(unwrap(await s.services.counters.state(s.hall.leader, s.counter(1))).current?.id).toBe(a2.id);
    const other = await createHallFixture(handle.db);
    expect(errorCode(await s.services.counters.state(other.staffOf(1), s.counter(1)))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.counters.state(other.leader, s.counter(1)))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.counters.state(s.staff(1), randomUUID()))).toBe('NOT_FOUND');
  });
});

describe("the counter state carries the hall's 过号重排 window, which the console's 过号 dialog says", () => {
  it('gives the rejoin minutes while the hall allows a rejoin, and null when no minutes or no times are allowed', async () => {
    const cases: Array<[Partial<HallSettings>, number | null]> = [
      [{ rejoinMinutes: 12, rejoinLimit: 1 }, 12],
      [{ rejoinMinutes: 0, rejoinLimit: 1 }, null],
      [{ rejoinMinutes: 12, rejoinLimit: 0 }, null],
    ];
    for (const [settings, rejoin] of cases) {
      const s = await setup({ settings });
      expect(unwrap(await s.services.counters.state(s.staff(1), s.counter(1))).rejoin, JSON.stringify(settings)).toBe(rejoin);
    }
  });
});
