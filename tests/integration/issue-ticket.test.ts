// Drivers: both. Why: gapless numbering is an INSERT … ON CONFLICT DO UPDATE … RETURNING on the daily counter row.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { dailyCounters, events, halls, services as serviceTable, tickets } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';
import { errorCode, eventsOf, present, ticketsOf, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const fridayTen = '2026-11-27T02:00:00Z';
/** Monday to Friday, 09:00–12:00 local time. */
const morningsOnly = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }];

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

function setup() {
  const clock = createFakeClock(fridayTen);
  const services = createServices({ db: handle.db, clock, publicUrl: 'https://hall.example' });
  return { clock, services };
}

async function dailyCounterOf(serviceId: string, day: string) {
  const [row] = await handle.db
    .select()
    .from(dailyCounters)
    .where(and(eq(dailyCounters.serviceId, serviceId), eq(dailyCounters.day, day)));
  return row;
}

describe('issue ticket: numbering', () => {
  it('numbers each service gaplessly from 001, independently of the other services', async () => {
    const { services } = setup();
    const hall = await createHallFixture(handle.db);
    const serviceA = present(hall.serviceIds.A);
    const serviceB = present(hall.serviceIds.B);
    const numbers: string[] = [];
    for (const serviceId of [serviceA, serviceA, serviceB, serviceA, serviceB]) {
      numbers.push(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number);
    }
    expect(numbers).toEqual(['A001', 'A002', 'B001', 'A003', 'B002']);

    const rows = await ticketsOf(handle.db, hall.hallId);
    expect(rows.map((r) => [r.number, r.seq, r.day, r.status])).toEqual(
      expect.arrayContaining([
        ['A001', 1, '2026-11-27', 'waiting'],
        ['A002', 2, '2026-11-27', 'waiting'],
        ['A003', 3, '2026-11-27', 'waiting'],
        ['B001', 1, '2026-11-27', 'waiting'],
        ['B002', 2, '2026-11-27', 'waiting'],
      ]),
    );
    expect(rows).toHaveLength(5);
    expect((await dailyCounterOf(serviceA, '2026-11-27'))?.lastSeq).toBe(3);
    expect((await dailyCounterOf(serviceB, '2026-11-27'))?.lastSeq).toBe(2);
  });

  it('restarts at 001 after Shanghai midnight and stores the Shanghai date as the day', async () => {
    const { clock, services } = setup();
    const hall = await createHallFixture(handle.db);
    const serviceId = present(hall.serviceIds.A);
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number).toBe('A001');
    // 23:59 in Shanghai is still Friday there.
    clock.set('2026-11-27T15:59:00Z');
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number).toBe('A002');
    // 00:00 Saturday in Shanghai, while it is still Friday in UTC and in New York (the test TZ).
    clock.set('2026-11-27T16:00:00Z');
    const saturday = unwrap(await services.tickets.issue(hall.slug, { serviceId }));
    expect(saturday.number).toBe('A001');
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number).toBe('A002');

    const rows = await ticketsOf(handle.db, hall.hallId);
    expect(rows.map((r) => [r.number, r.day])).toEqual([
      ['A001', '2026-11-27'],
      ['A002', '2026-11-27'],
      ['A001', '2026-11-28'],
      ['A002', '2026-11-28'],
    ]);
    expect((await dailyCounterOf(serviceId, '2026-11-27'))?.lastSeq).toBe(2);
    expect((await dailyCounterOf(serviceId, '2026-11-28'))?.lastSeq).toBe(2);

    // Yesterday's leftovers are not today's queue: the new A001 is first in line and called first.
    expect(saturday.position).toBe(1);
    const called = unwrap(await services.counters.callNext(hall.staffOf(1), present(hall.counterIds[1])));
    expect(called.ticket?.id).toBe(saturday.id);
  });

  it('refuses once the daily cap is reached, leaving no ticket and no bump behind', async () => {
    const { services } = setup();
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A', dailyCap: 2 }],
      counters: [{ number: 1, serves: ['A'] }],
    });
    const serviceId = present(hall.serviceIds.A);
    unwrap(await services.tickets.issue(hall.slug, { serviceId }));
    unwrap(await services.tickets.issue(hall.slug, { serviceId }));
    const refused = await services.tickets.issue(hall.slug, { serviceId });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId }))).toBe('CONFLICT');

    expect(await ticketsOf(handle.db, hall.hallId)).toHaveLength(2);
    expect((await dailyCounterOf(serviceId, '2026-11-27'))?.lastSeq).toBe(2);
    // Refusals append no events.
    expect((await eventsOf(handle.db, hall.hallId)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    await handle.db.update(serviceTable).set({ dailyCap: 3 }).where(eq(serviceTable.id, serviceId));
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number).toBe('A003');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId }))).toBe('CONFLICT');
  });
});

describe('issue ticket: opening hours', () => {
  it('are enforced when the hall says so', async () => {
    const { clock, services } = setup();
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A', openingHours: morningsOnly }, { prefix: 'B' }],
      settings: { enforceHours: true },
    });
    const serviceA = present(hall.serviceIds.A);
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId: serviceA })).number).toBe('A001');

    // 13:00 on the same Friday.
    clock.set('2026-11-27T05:00:00Z');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: serviceA }))).toBe('CONFLICT');
    // A service without hours of its own is open all day.
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.B) })).number).toBe('B001');
    // 12:00 sharp is closed already; 11:59 is still open.
    clock.set('2026-11-27T04:00:00Z');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: serviceA }))).toBe('CONFLICT');
    clock.set('2026-11-27T03:59:00Z');
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId: serviceA })).number).toBe('A002');
    // Saturday 10:00 in Shanghai.
    clock.set('2026-11-28T02:00:00Z');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: serviceA }))).toBe('CONFLICT');

    const rows = await ticketsOf(handle.db, hall.hallId);
    expect(rows.map((r) => r.number)).toEqual(['A001', 'A002', 'B001']);
    expect((await dailyCounterOf(serviceA, '2026-11-27'))?.lastSeq).toBe(2);
    expect(await dailyCounterOf(serviceA, '2026-11-28')).toBeUndefined();
  });

  it('are ignored when the hall does not enforce them', async () => {
    const { clock, services } = setup();
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A', openingHours: morningsOnly }],
      counters: [{ number: 1, serves: ['A'] }],
      settings: { enforceHours: false },
    });
    const serviceId = present(hall.serviceIds.A);
    clock.set('2026-11-27T05:00:00Z');
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number).toBe('A001');
    clock.set('2026-11-28T02:00:00Z');
    expect(unwrap(await services.tickets.issue(hall.slug, { serviceId })).number).toBe('A001');
  });
});

describe('issue ticket: addressing', () => {
  it('answers NOT_FOUND for an unknown hall, another hall’s service or an inactive service', async () => {
    const { services } = setup();
    const hall = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const serviceA = present(hall.serviceIds.A);

    expect(errorCode(await services.tickets.issue('no-such-hall', { serviceId: serviceA }))).toBe('NOT_FOUND');
    expect(errorCode(await services.tickets.issue(randomUUID(), { serviceId: serviceA }))).toBe('NOT_FOUND');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: randomUUID() }))).toBe('NOT_FOUND');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: present(other.serviceIds.A) }))).toBe(
      'NOT_FOUND',
    );
    await handle.db.update(serviceTable).set({ active: false }).where(eq(serviceTable.id, present(hall.serviceIds.B)));
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.B) }))).toBe(
      'NOT_FOUND',
    );
    expect(await ticketsOf(handle.db, hall.hallId)).toHaveLength(0);
    expect(await ticketsOf(handle.db, other.hallId)).toHaveLength(0);
    expect(await eventsOf(handle.db, hall.hallId)).toHaveLength(0);

    // The hall's id addresses it as well as its slug.
    expect(unwrap(await services.tickets.issue(hall.hallId, { serviceId: serviceA })).number).toBe('A001');
  });
});

describe('issue ticket: events', () => {
  it('appends ticket.issued and queue.changed with gapless per-hall seqs', async () => {
    const { services } = setup();
    const hall = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const a1 = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
    const o1 = unwrap(await services.tickets.issue(other.slug, { serviceId: present(other.serviceIds.B) }));
    const b1 = unwrap(
      await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.B), channel: 'phone' }),
    );

    const rows = await eventsOf(handle.db, hall.hallId);
    expect(rows.map((e) => [e.seq, e.type, e.ticketId])).toEqual([
      [1, 'ticket.issued', a1.id],
      [2, 'queue.changed', null],
      [3, 'ticket.issued', b1.id],
      [4, 'queue.changed', null],
    ]);
    expect(rows[0]?.data).toEqual({ number: 'A001', serviceId: hall.serviceIds.A, channel: 'kiosk' });
    expect(rows[1]?.data).toEqual({ serviceId: hall.serviceIds.A });
    expect(rows[2]?.data).toEqual({ number: 'B001', serviceId: hall.serviceIds.B, channel: 'phone' });
    expect(rows[2]?.actor).toBe(`phone:${hall.hallId}`);
    expect(rows.every((e) => e.at.toISOString() === '2026-11-27T02:00:00.000Z')).toBe(true);

    // The other hall counts on its own.
    const otherRows = await eventsOf(handle.db, other.hallId);
    expect(otherRows.map((e) => [e.seq, e.type, e.ticketId])).toEqual([
      [1, 'ticket.issued', o1.id],
      [2, 'queue.changed', null],
    ]);
    const [hallRow] = await handle.db.select({ eventSeq: halls.eventSeq }).from(halls).where(eq(halls.id, hall.hallId));
    expect(hallRow?.eventSeq).toBe(4);
  });

  it('listeners hear the committed events, and nothing for a refusal', async () => {
    const { clock, services } = setup();
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A', openingHours: morningsOnly }],
      counters: [{ number: 1, serves: ['A'] }],
      settings: { enforceHours: true },
    });
    const heard: Array<{ seq: number; type: string }> = [];
    services.onCommitted((committed) => heard.push(...committed.map((e) => ({ seq: e.seq, type: e.type }))));
    unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
    clock.set('2026-11-27T05:00:00Z');
    expect(errorCode(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }))).toBe(
      'CONFLICT',
    );
    expect(heard).toEqual([
      { seq: 1, type: 'ticket.issued' },
      { seq: 2, type: 'queue.changed' },
    ]);
  });
});

describe('issue ticket: what the citizen gets', () => {
  it('a long unguessable url-safe token, its link, the position and a wait estimate', async () => {
    const { services } = setup();
    const hall = await createHallFixture(handle.db);
    const serviceId = present(hall.serviceIds.A);
    const issued = [];
    for (let i = 0; i < 12; i += 1) issued.push(unwrap(await services.tickets.issue(hall.slug, { serviceId })));

    for (const t of issued) {
      expect(t.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(t.url).toBe(`https://hall.example/t/${t.token}`);
      expect(t.status).toBe('waiting');
      expect(t.serviceId).toBe(serviceId);
      expect(Number.isInteger(t.etaMinutes.low) && Number.isInteger(t.etaMinutes.high)).toBe(true);
      expect(t.etaMinutes.low).toBeGreaterThanOrEqual(0);
      expect(t.etaMinutes.high).toBeGreaterThanOrEqual(t.etaMinutes.low);
    }
    expect(new Set(issued.map((t) => t.token)).size).toBe(issued.length);
    // All issued in the same instant: the numbering order is the queue order.
    expect(issued.map((t) => t.position)).toEqual(issued.map((_, i) => i + 1));
    const first = present(issued[0]);
    const last = present(issued[issued.length - 1]);
    expect(first.etaMinutes.low).toBe(0);
    expect(last.etaMinutes.low).toBeGreaterThan(first.etaMinutes.low);
    expect(last.etaMinutes.high).toBeGreaterThan(first.etaMinutes.high);

    const rows = await handle.db.select().from(tickets).where(eq(tickets.hallId, hall.hallId));
    for (const t of issued) {
      const row = present(rows.find((r) => r.id === t.id));
      expect(row.token).toBe(t.token);
      expect(row.rootTicketId).toBe(row.id);
      expect(row.parentTicketId).toBeNull();
      expect(row.channel).toBe('kiosk');
      expect(row.priorityClass).toBe('normal');
      expect(row.queuedAt.toISOString()).toBe('2026-11-27T02:00:00.000Z');
      expect(row.issuedAt.toISOString()).toBe('2026-11-27T02:00:00.000Z');
      expect(row.version).toBe(1);
    }
  });

  it('stores the channel, the phone and the priority class it was given', async () => {
    const { services } = setup();
    const hall = await createHallFixture(handle.db, { settings: { priorityInterleave: 3 } });
    const serviceId = present(hall.serviceIds.A);
    unwrap(await services.tickets.issue(hall.slug, { serviceId }));
    const elderly = unwrap(
      await services.tickets.issue(hall.slug, {
        serviceId,
        channel: 'phone',
        phone: '13812341234',
        priorityClass: 'elderly',
      }),
    );
    // One normal ticket ahead, and the interleave lets three normals go first.
    expect(elderly.position).toBe(2);
    const [row] = await handle.db.select().from(tickets).where(eq(tickets.id, elderly.id));
    expect(row?.channel).toBe('phone');
    expect(row?.phone).toBe('13812341234');
    expect(row?.priorityClass).toBe('elderly');
    const [issuedEvent] = await handle.db
      .select()
      .from(events)
      .where(and(eq(events.hallId, hall.hallId), eq(events.ticketId, elderly.id)));
    expect(JSON.stringify(issuedEvent?.data)).not.toContain('13812341234');
  });
});
