// Drivers: both. Why: the commands table and its unique key decide retries inside the transaction.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { commands, counters as counterTable } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import type { StaffActor } from '../../server/services/actors';
import type { Result } from '../../server/services/result';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { errorCode, eventsOf, present, ticketById, ticketsOf, unwrap } from '../support/results';

const MINUTE = 60_000;

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

async function setup() {
  const clock = createFakeClock('2026-11-27T02:00:00Z');
  const services = createServices({ db: handle.db, clock });
  const hall = await createHallFixture(handle.db);
  const issue = async (prefix: string) => {
    const serviceId = present(hall.serviceIds[prefix], `service ${prefix}`);
    return unwrap(await services.tickets.issue(hall.slug, { serviceId }));
  };
  return { clock, services, hall, issue, c1: present(hall.counterIds[1]), c2: present(hall.counterIds[2]) };
}

function commandsOf(actor: StaffActor) {
  return handle.db.select().from(commands).where(eq(commands.actor, `staff:${actor.id}`));
}

/**
 * Runs the command twice with the same key, the clock moving in between, and checks the
 * second answer is the first one again and that only the first appended events.
 */
async function twice<T>(clock: FakeClock, hall: HallFixture, run: () => Promise<Result<T>>): Promise<T> {
  const first = unwrap(await run());
  const eventsAfterFirst = await eventsOf(handle.db, hall.hallId);
  clock.advance(MINUTE);
  const second = unwrap(await run());
  expect(second).toEqual(first);
  expect(await eventsOf(handle.db, hall.hallId)).toEqual(eventsAfterFirst);
  return first;
}

describe('idempotency keys', () => {
  it('the same call-next twice: the same answer, one ticket called, one set of events', async () => {
    const { clock, services, hall, issue, c1 } = await setup();
    const a1 = await issue('A');
    const a2 = await issue('A');
    const staff1 = hall.staffOf(1);

    const first = unwrap(await services.counters.callNext(staff1, c1, 'key-1'));
    clock.advance(MINUTE);
    const second = unwrap(await services.counters.callNext(staff1, c1, 'key-1'));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.ticket?.id).toBe(a1.id);

    expect((await ticketById(handle.db, a1.id)).status).toBe('called');
    expect((await ticketById(handle.db, a1.id)).calledAt?.toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect((await ticketById(handle.db, a2.id)).status).toBe('waiting');
    const types = (await eventsOf(handle.db, hall.hallId)).map((e) => e.type);
    expect(types.filter((t) => t === 'ticket.called')).toHaveLength(1);
    expect(types).toEqual(['ticket.issued', 'queue.changed', 'ticket.issued', 'queue.changed', 'ticket.called', 'queue.changed']);

    const stored = await commandsOf(staff1);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ key: 'key-1', status: 200 });
    expect(stored[0]?.response).toEqual(first);
  });

  it('a retry after the state moved on still gets the first answer, and does nothing', async () => {
    const { services, hall, issue, c1 } = await setup();
    const a1 = await issue('A');
    const a2 = await issue('A');
    const staff1 = hall.staffOf(1);
    const first = unwrap(await services.counters.callNext(staff1, c1, 'call-1'));
    unwrap(await services.counters.noShow(staff1, c1, 'no-show-1'));
    // The counter is free again and A002 waits, yet the retried call answers A001 and calls nobody.
    const retried = unwrap(await services.counters.callNext(staff1, c1, 'call-1'));
    expect(retried).toEqual(first);
    expect(retried.ticket?.id).toBe(a1.id);
    expect((await ticketById(handle.db, a2.id)).status).toBe('waiting');
    // A new key is a new call.
    expect(unwrap(await services.counters.callNext(staff1, c1, 'call-2')).ticket?.id).toBe(a2.id);
  });

  it('an empty call is replayed as empty', async () => {
    const { services, hall, issue, c1 } = await setup();
    const staff1 = hall.staffOf(1);
    expect(unwrap(await services.counters.callNext(staff1, c1, 'empty'))).toEqual({ ticket: null });
    const a1 = await issue('A');
    expect(unwrap(await services.counters.callNext(staff1, c1, 'empty'))).toEqual({ ticket: null });
    expect((await ticketById(handle.db, a1.id)).status).toBe('waiting');
  });

  it('every counter command takes effect once per key', async () => {
    const { clock, services, hall, issue, c1 } = await setup();
    const staff1 = hall.staffOf(1);
    const counters = services.counters;
    const a1 = await issue('A');
    const a2 = await issue('A');
    await issue('A');

    await twice(clock, hall, () => counters.callChosen(staff1, c1, a2.id, '预约到号', 'k-chosen'));
    const recalled = await twice(clock, hall, () => counters.recall(staff1, c1, 'k-recall'));
    expect(recalled.ticket?.recallCount).toBe(1);
    expect((await ticketById(handle.db, a2.id)).recallCount).toBe(1);
    await twice(clock, hall, () => counters.start(staff1, c1, 'k-start'));
    await twice(clock, hall, () => counters.park(staff1, c1, 'k-park'));
    await twice(clock, hall, () => counters.returnParked(staff1, c1, a2.id, 'k-return'));
    await twice(clock, hall, () =>
      counters.transfer(staff1, c1, { serviceId: present(hall.serviceIds.B) }, 'k-transfer'),
    );
    expect((await ticketsOf(handle.db, hall.hallId)).filter((t) => t.parentTicketId === a2.id)).toHaveLength(1);

    await twice(clock, hall, () => counters.callNext(staff1, c1, 'k-next-1'));
    await twice(clock, hall, () => counters.noShow(staff1, c1, 'k-no-show'));
    const next = await twice(clock, hall, () => counters.callNext(staff1, c1, 'k-next-2'));
    await twice(clock, hall, () => counters.start(staff1, c1, 'k-start-2'));
    await twice(clock, hall, () => counters.complete(staff1, c1, { outcome: 'accepted' }, 'k-complete'));
    expect(next.ticket?.id).not.toBe(a1.id);
    expect((await ticketById(handle.db, present(next.ticket).id)).status).toBe('completed');

    await twice(clock, hall, () => counters.pause(staff1, c1, '午休', 'k-pause'));
    await twice(clock, hall, () => counters.resume(staff1, c1, 'k-resume'));
    await twice(clock, hall, () => counters.close(staff1, c1, 'k-close'));
    await twice(clock, hall, () => counters.open(staff1, c1, 'k-open'));

    const types = (await eventsOf(handle.db, hall.hallId)).map((e) => e.type);
    expect(types.filter((t) => t === 'ticket.called')).toHaveLength(4);
    expect(types.filter((t) => t === 'counter.updated')).toHaveLength(4);
    expect(await commandsOf(staff1)).toHaveLength(15);
  });

  it('refuses a key reused for another request, changing nothing', async () => {
    const { services, hall, issue, c1 } = await setup();
    const staff1 = hall.staffOf(1);
    const a1 = await issue('A');
    const a2 = await issue('A');
    unwrap(await services.counters.callNext(staff1, c1, 'shared'));
    const eventsBefore = await eventsOf(handle.db, hall.hallId);

    expect(errorCode(await services.counters.pause(staff1, c1, '午休', 'shared'))).toBe('CONFLICT');
    expect(errorCode(await services.counters.start(staff1, c1, 'shared'))).toBe('CONFLICT');
    expect(errorCode(await services.counters.callChosen(staff1, c1, a2.id, '另一请求', 'shared'))).toBe('CONFLICT');
    const [counter] = await handle.db.select().from(counterTable).where(eq(counterTable.id, c1));
    expect(counter?.status).toBe('open');
    expect((await ticketById(handle.db, a1.id)).status).toBe('called');
    expect(await eventsOf(handle.db, hall.hallId)).toEqual(eventsBefore);

    // The same command with other arguments is another request too.
    unwrap(await services.counters.start(staff1, c1));
    unwrap(await services.counters.complete(staff1, c1, { outcome: 'handled' }, 'done'));
    expect(errorCode(await services.counters.complete(staff1, c1, { outcome: 'accepted' }, 'done'))).toBe('CONFLICT');
    expect((await ticketById(handle.db, a1.id)).outcome).toBe('handled');
    unwrap(await services.counters.pause(staff1, c1, '午休', 'pause'));
    expect(errorCode(await services.counters.pause(staff1, c1, '开会', 'pause'))).toBe('CONFLICT');
    const [paused] = await handle.db.select().from(counterTable).where(eq(counterTable.id, c1));
    expect(paused?.pauseReason).toBe('午休');
  });

  it('keys belong to one actor: two staff may use the same key independently', async () => {
    const { services, hall, issue, c1, c2 } = await setup();
    const a1 = await issue('A');
    const a2 = await issue('A');
    const one = unwrap(await services.counters.callNext(hall.staffOf(1), c1, 'same-key'));
    const two = unwrap(await services.counters.callNext(hall.staffOf(2), c2, 'same-key'));
    expect(one.ticket?.id).toBe(a1.id);
    expect(two.ticket?.id).toBe(a2.id);
    expect(await commandsOf(hall.staffOf(1))).toHaveLength(1);
    expect(await commandsOf(hall.staffOf(2))).toHaveLength(1);
    // And each still replays its own answer.
    expect(unwrap(await services.counters.callNext(hall.staffOf(2), c2, 'same-key'))).toEqual(two);
  });

  it('a refused command keeps no key, so the retry can succeed once the obstacle is gone', async () => {
    const { services, hall, issue, c1 } = await setup();
    const staff1 = hall.staffOf(1);
    const a1 = await issue('A');
    unwrap(await services.counters.pause(staff1, c1, '离开一下'));
    expect(errorCode(await services.counters.callNext(staff1, c1, 'after-pause'))).toBe('CONFLICT');
    expect((await commandsOf(staff1)).map((c) => c.key)).toEqual([]);
    unwrap(await services.counters.resume(staff1, c1));
    expect(unwrap(await services.counters.callNext(staff1, c1, 'after-pause')).ticket?.id).toBe(a1.id);
    expect((await commandsOf(staff1)).map((c) => c.key)).toEqual(['after-pause']);
  });
});
