// Drivers: both. Why: capacity checks and the no-show sweep are SQL (locks, date arithmetic in the hall's zone).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { type AppointmentSettings, appointments, defaultAppointmentSettings, services as serviceTable } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { codePattern } from '../../server/domain/appointments';
import { type Services, createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { type FixtureService, type HallFixture, createHallFixture } from '../support/hall-fixture';
import { errorCode, eventsOf, present, ticketById, unwrap } from '../support/results';

const MINUTE = 60_000;
/** Friday 2026-11-27, 10:00 in Shanghai. */
const fridayTen = '2026-11-27T02:00:00Z';
/** Local Shanghai time on Friday 2026-11-27 as an instant. */
const friday = (hhmm: string) => new Date(`2026-11-27T${hhmm}:00+08:00`);
const mornings = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }];

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

interface World {
  clock: FakeClock;
  services: Services;
  hall: HallFixture;
  serviceA: string;
  book: (slot: string | Date, phone?: string, name?: string) => ReturnType<Services['appointments']['book']>;
}

async function setup(options: { services?: FixtureService[]; rules?: Partial<AppointmentSettings> } = {}): Promise<World> {
  const clock = createFakeClock(fridayTen);
  const services = createServices({ db: handle.db, clock, publicUrl: 'https://hall.example' });
  const hall = await createHallFixture(handle.db, {
    services: options.services ?? [{ prefix: 'A', openingHours: mornings }, { prefix: 'B', openingHours: mornings }],
    settings: { appointments: { ...defaultAppointmentSettings, slotCapacity: 2, ...options.rules } },
  });
  const serviceA = present(hall.serviceIds.A);
  return {
    clock,
    services,
    hall,
    serviceA,
    book: (slot, phone = '13812345678', name = '张三丰') =>
      services.appointments.book(hall.slug, {
        serviceId: serviceA,
        slotStart: (typeof slot === 'string' ? friday(slot) : slot).toISOString(),
        name,
        phone,
      }),
  };
}

describe('slots', () => {
  it("cut the service's opening hours into slots in the hall's zone, with capacity and places left", async () => {
    const w = await setup();
    const before = unwrap(await w.services.appointments.slots(w.hall.slug, w.serviceA, '2026-11-27'));
    expect(before.slots.map((s) => s.start)).toEqual(
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((t) => friday(t).toISOString()),
    );
    expect(before.slots.map((s) => s.status)).toEqual(['past', 'past', 'past', 'open', 'open', 'open']);
    expect(before.slots.every((s) => s.capacity === 2 && s.remaining === 2)).toBe(true);
    expect(before.slots[3]?.end).toBe(friday('11:00').toISOString());
    expect([before.firstDay, before.lastDay]).toEqual(['2026-11-27', '2026-12-04']);

    unwrap(await w.book('10:30', '13800000001'));
    unwrap(await w.book('11:00', '13800000002'));
    unwrap(await w.book('11:00', '13800000003'));
    const after = unwrap(await w.services.appointments.slots(w.hall.slug, w.serviceA, '2026-11-27'));
    expect(after.slots.slice(3).map((s) => [s.remaining, s.status])).toEqual([
      [1, 'open'],
      [0, 'full'],
      [2, 'open'],
    ]);
    // A place booked in A takes nothing from B.
    const b = unwrap(await w.services.appointments.slots(w.hall.slug, present(w.hall.serviceIds.B), '2026-11-27'));
    expect(b.slots.find((s) => s.start === friday('11:00').toISOString())?.remaining).toBe(2);
  });

  it('none on a closed weekday, outside the booking horizon, or for a service that takes none', async () => {
    const w = await setup();
    const slotsOn = async (date: string, serviceId = w.serviceA) =>
      unwrap(await w.services.appointments.slots(w.hall.slug, serviceId, date)).slots.length;
    expect(await slotsOn('2026-11-28')).toBe(0); // Saturday
    expect(await slotsOn('2026-11-30')).toBe(6); // Monday
    expect(await slotsOn('2026-12-04')).toBe(6); // 7 days ahead
    expect(await slotsOn('2026-12-07')).toBe(0); // beyond
    expect(await slotsOn('2026-11-26')).toBe(0); // yesterday
    await handle.db.update(serviceTable).set({ slotCapacity: 0 }).where(eq(serviceTable.id, w.serviceA));
    expect(await slotsOn('2026-11-30')).toBe(0);
    await handle.db.update(serviceTable).set({ slotCapacity: 5 }).where(eq(serviceTable.id, w.serviceA));
    const own = unwrap(await w.services.appointments.slots(w.hall.slug, w.serviceA, '2026-11-30'));
    expect(own.slots[0]?.capacity).toBe(5);
    const options = unwrap(await w.services.appointments.bookingOptions(w.hall.slug));
    expect(options.services.map((s) => [s.prefix, s.capacity])).toEqual([
      ['A', 5],
      ['B', 2],
    ]);
    expect(options.days).toHaveLength(8);
  });
});

describe('booking', () => {
  it('answers a short unambiguous code and the name and phone masked', async () => {
    const w = await setup();
    const a = unwrap(await w.book('10:30'));
    expect(a.code).toMatch(codePattern);
    expect(a.code).not.toMatch(/[01OI]/);
    expect(a.nameMasked).toBe('张*丰');
    expect(a.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(a)).not.toMatch(/张三丰|13812345678/);
    expect(a).toMatchObject({ status: 'booked', day: '2026-11-27', ticket: null, serviceId: w.serviceA });
    expect(a.checkIn).toEqual({ opensAt: friday('10:00').toISOString(), closesAt: friday('10:45').toISOString() });
    const codes = new Set([a.code]);
    for (let i = 0; i < 20; i += 1) {
      const more = await w.book(i % 2 ? '11:00' : '11:30', `1390000${String(i).padStart(4, '0')}`);
      if (more.ok) codes.add(more.data.code);
      else expect(more.error.code).toBe('CONFLICT');
    }
    // 2 places per slot: the rest were refused as full, every accepted one got its own code.
    expect(codes.size).toBe(5);
    const events = (await eventsOf(handle.db, w.hall.hallId)).filter((e) => e.type === 'appointment.booked');
    expect(events).toHaveLength(5);
    expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/张三丰|13812345678/);
  });

  it('refuses a full slot, a started slot, a non-slot time, the same phone twice, and services without appointments', async () => {
    const w = await setup();
    unwrap(await w.book('11:00', '13800000001'));
    expect(errorCode(await w.book('11:00', '13800000001'))).toBe('CONFLICT');
    unwrap(await w.book('11:00', '13800000002'));
    expect(errorCode(await w.book('11:00', '13800000003'))).toBe('CONFLICT');
    expect(errorCode(await w.book('10:00'))).toBe('CONFLICT'); // starts now
    expect(errorCode(await w.book('09:30'))).toBe('CONFLICT');
    expect(errorCode(await w.book('10:45'))).toBe('VALIDATION');
    expect(errorCode(await w.book('12:00'))).toBe('VALIDATION');
    expect(errorCode(await w.book(new Date('2026-12-07T10:00:00+08:00')))).toBe('CONFLICT'); // beyond 7 days
    await handle.db.update(serviceTable).set({ instantApproval: true }).where(eq(serviceTable.id, w.serviceA));
    expect(errorCode(await w.book('11:30'))).toBe('CONFLICT');
    const other = await createHallFixture(handle.db);
    const foreign = await w.services.appointments.book(w.hall.slug, {
      serviceId: present(other.serviceIds.A),
      slotStart: friday('11:30').toISOString(),
      name: '李四',
      phone: '13800000009',
    });
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    const rows = await handle.db.select().from(appointments).where(eq(appointments.hallId, w.hall.hallId));
    expect(rows).toHaveLength(2);
  });

  it('concurrent bookings of the last places: exactly the capacity succeeds', async () => {
    const w = await setup();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => w.book('11:30', `1350000${String(i).padStart(4, '0')}`, `市民${i}`)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).map((r) => errorCode(r))).toEqual(Array(6).fill('CONFLICT'));
    const slots = unwrap(await w.services.appointments.slots(w.hall.slug, w.serviceA, '2026-11-27'));
    expect(slots.slots.find((s) => s.start === friday('11:30').toISOString())).toMatchObject({ remaining: 0, status: 'full' });
  });

  it('cancels with the code and the last 4 digits of the phone, freeing the place', async () => {
    const w = await setup();
    const a = unwrap(await w.book('11:00'));
    expect(errorCode(await w.services.appointments.cancel(a.code, '0000', 'ip-1'))).toBe('NOT_FOUND');
    const cancelled = unwrap(await w.services.appointments.cancel(a.code, '5678', 'ip-1'));
    expect(cancelled.status).toBe('cancelled');
    // A second cancel (a double tap, a retry) answers the cancelled booking again (appointment-cancel.test.ts checks it in full).
    const slots = unwrap(await w.services.appointments.slots(w.hall.slug, w.serviceA, '2026-11-27'));
    expect(slots.slots.find((s) => s.start === friday('11:00').toISOString())?.remaining).toBe(2);
    unwrap(await w.book('11:00'));
  });
});

describe('check-in', () => {
  it('within the window issues a ticket queued at the slot time; outside, a refusal naming the window', async () => {
    const w = await setup();
    const a = unwrap(await w.book('11:00'));
    w.clock.set(friday('10:29'));
    const early = await w.services.appointments.checkIn(a.code, { ip: 'ip' });
    expect(errorCode(early)).toBe('CONFLICT');
    expect(early.ok ? '' : early.error.message).toMatch(/2026-11-27 10:30 to 2026-11-27 11:15/);

    w.clock.set(friday('10:30'));
    const done = unwrap(await w.services.appointments.checkIn(a.code, { ip: 'ip' }));
    expect(done.again).toBe(false);
    expect(done.ticket.url).toBe(`https://hall.example/t/${done.ticket.token}`);
    expect(done.ticket.number).toBe('A001');
    expect(done.appointment.status).toBe('checked_in');
    expect(done.appointment.ticket?.token).toBe(done.ticket.token);
    const ticket = await ticketById(handle.db, done.ticket.id);
    expect(ticket).toMatchObject({ channel: 'appointment', priorityClass: 'normal', status: 'waiting', day: '2026-11-27' });
    expect(ticket.queuedAt.toISOString()).toBe(friday('11:00').toISOString());
    expect(ticket.issuedAt.toISOString()).toBe(friday('10:30').toISOString());
    const issued = (await eventsOf(handle.db, w.hall.hallId)).filter((e) => e.type === 'ticket.issued');
    expect(issued.map((e) => e.data)).toEqual([{ number: 'A001', serviceId: w.serviceA, channel: 'appointment' }]);

    // A second tap at the kiosk gets the same ticket, not another.
    const again = unwrap(await w.services.appointments.checkIn(a.code, { ip: 'ip' }));
    expect(again.again).toBe(true);
    expect(again.ticket.id).toBe(done.ticket.id);

    const late = unwrap(await w.book('11:30', '13900001111'));
    w.clock.set(friday('11:45'));
    w.clock.advance(1000);
    const refused = await w.services.appointments.checkIn(late.code, { ip: 'ip' });
    expect(refused.ok ? '' : refused.error.message).toMatch(/11:00 to 2026-11-27 11:45.*closed/);
    expect(unwrap(await w.services.appointments.view(late.code, 'ip')).status).toBe('no_show');
    expect(errorCode(await w.services.appointments.checkIn('ZZZZZZZZ', { ip: 'ip' }))).toBe('NOT_FOUND');
  });

  it('a checked-in appointment is called in slot order: after earlier walk-ins, before later ones', async () => {
    const w = await setup();
    const staff = w.hall.staffOf(1);
    const counterId = present(w.hall.counterIds[1]);
    const walkIn = async (at: string) => {
      w.clock.set(friday(at));
      return unwrap(await w.services.tickets.issue(w.hall.slug, { serviceId: w.serviceA })).number;
    };
    const a = unwrap(await w.book('10:30'));
    const early = await walkIn('10:05');
    w.clock.set(friday('10:10'));
    const appt = unwrap(await w.services.appointments.checkIn(a.code, { ip: 'ip' })).ticket.number;
    const beforeSlot = await walkIn('10:20');
    const afterSlot = await walkIn('10:35');
    const afterSlot2 = await walkIn('10:40');
    const called: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const next = unwrap(await w.services.counters.callNext(staff, counterId)).ticket;
      called.push(present(next).number);
      unwrap(await w.services.counters.noShow(staff, counterId));
    }
    expect(called).toEqual([early, beforeSlot, appt, afterSlot]);
    expect(appt).toBe('A002');
    expect(afterSlot2).toBe('A005');
  });
});

describe('no-shows', () => {
  it('the sweep marks appointments not checked in when the window closes, at that moment', async () => {
    const w = await setup();
    const a = unwrap(await w.book('10:30', '13800000001'));
    const b = unwrap(await w.book('11:00', '13800000002'));
    // Other tests' halls share the database: look at this hall's rows only.
    const statuses = async () =>
      (await handle.db.select().from(appointments).where(eq(appointments.hallId, w.hall.hallId)).orderBy(appointments.slotStart)).map(
        (r) => r.status,
      );
    w.clock.set(friday('10:45'));
    await w.services.appointments.sweepNoShows();
    expect(await statuses()).toEqual(['booked', 'booked']);
    w.clock.advance(MINUTE);
    await w.services.appointments.sweepNoShows();
    expect(await statuses()).toEqual(['no_show', 'booked']);
    w.clock.set(friday('13:00'));
    await w.services.appointments.sweepNoShows();
    await w.services.appointments.sweepNoShows();
    expect(await statuses()).toEqual(['no_show', 'no_show']);
    const rows = await handle.db.select().from(appointments).where(eq(appointments.hallId, w.hall.hallId));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get(a.code)?.status).toBe('no_show');
    expect(byCode.get(a.code)?.closedAt?.toISOString()).toBe(friday('10:45').toISOString());
    expect(byCode.get(b.code)?.closedAt?.toISOString()).toBe(friday('11:15').toISOString());
    const events = (await eventsOf(handle.db, w.hall.hallId)).filter((e) => e.type === 'appointment.no_show');
    expect(events).toHaveLength(2);
  });

  it('three no-shows within 30 days block booking for 30 days, with the end in the refusal', async () => {
    const w = await setup({ services: [{ prefix: 'A' }, { prefix: 'B' }] });
    const phone = '13712345678';
    for (const slot of ['10:30', '11:00', '11:30']) unwrap(await w.book(slot, phone));
    w.clock.set(friday('12:00'));
    // No sweep ran: booking marks the due no-shows itself before it judges the phone.
    const blocked = await w.book('12:30', phone);
    expect(errorCode(blocked)).toBe('FORBIDDEN');
    expect(blocked.ok ? '' : blocked.error.message).toMatch(/2026-12-27 11:45/);
    // Another phone books as usual.
    unwrap(await w.book('12:30', '13700000000'));
    w.clock.set(new Date('2026-12-27T11:44:00+08:00'));
    expect(errorCode(await w.book(new Date('2026-12-27T15:00:00+08:00'), phone))).toBe('FORBIDDEN');
    w.clock.set(new Date('2026-12-27T11:45:00+08:00'));
    unwrap(await w.book(new Date('2026-12-27T15:00:00+08:00'), phone));
  });

  it('three no-shows spread over more than 30 days do not block', async () => {
    const w = await setup({ services: [{ prefix: 'A' }, { prefix: 'B' }] });
    const phone = '13612345678';
    for (const day of ['2026-11-27', '2026-12-12', '2026-12-28']) {
      w.clock.set(new Date(`${day}T09:00:00+08:00`));
      unwrap(await w.book(new Date(`${day}T10:00:00+08:00`), phone));
      w.clock.set(new Date(`${day}T11:00:00+08:00`));
      await w.services.appointments.sweepNoShows();
    }
    const rows = await handle.db.select().from(appointments).where(eq(appointments.phone, phone));
    expect(rows.map((r) => r.status)).toEqual(['no_show', 'no_show', 'no_show']);
    unwrap(await w.book(new Date('2026-12-28T15:00:00+08:00'), phone));
  });
});
