// Drivers: both. Why: the cancel's lock, the capacity it frees and the staff counts are SQL that must agree on PostgreSQL and PGlite.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { appointments, defaultAppointmentSettings, events } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';
import { errorCode, present, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const fridayTen = '2026-11-27T02:00:00Z';
const friday = (hhmm: string) => new Date(`2026-11-27T${hhmm}:00+08:00`);
const mornings = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }];

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

async function setup() {
  const clock = createFakeClock(fridayTen);
  const services = createServices({ db: handle.db, clock, publicUrl: 'https://hall.example' });
  const hall = await createHallFixture(handle.db, {
    services: [{ prefix: 'A', openingHours: mornings }, { prefix: 'B', openingHours: mornings }],
    settings: { appointments: { ...defaultAppointmentSettings, slotCapacity: 1 } },
  });
  const serviceA = present(hall.serviceIds.A);
  const book = (hhmm: string, phone: string, name = '张三丰', serviceId = serviceA) =>
    services.appointments.book(hall.slug, { serviceId, slotStart: friday(hhmm).toISOString(), name, phone });
  const remaining = async (hhmm: string) =>
    unwrap(await services.appointments.slots(hall.slug, serviceA, '2026-11-27')).slots.find((s) => s.start === friday(hhmm).toISOString())?.remaining;
  const cancelEvents = async () =>
    (await handle.db.select().from(events).where(and(eq(events.hallId, hall.hallId), eq(events.type, 'appointment.cancelled')))).length;
  return { clock, services, hall, serviceA, book, remaining, cancelEvents };
}

describe('cancelling a booking from its confirmation', () => {
  it('frees the slot for someone else, emits one event, and a second cancel answers the same cancelled booking', async () => {
    const w = await setup();
    const a = unwrap(await w.book('11:00', '13812345678'));
    expect(await w.remaining('11:00')).toBe(0);
    expect(errorCode(await w.book('11:00', '13900001111'))).toBe('CONFLICT');

    const cancelled = unwrap(await w.services.appointments.cancel(a.code, '5678', 'ip-1'));
    expect(cancelled).toMatchObject({ code: a.code, status: 'cancelled' });
    expect(await w.remaining('11:00')).toBe(1);
    expect(await w.cancelEvents()).toBe(1);

    const again = unwrap(await w.services.appointments.cancel(a.code, '5678', 'ip-2'));
    expect(again).toEqual(cancelled);
    expect(await w.cancelEvents()).toBe(1);
    expect(unwrap(await w.services.appointments.view(a.code, 'ip-1')).status).toBe('cancelled');

    // The freed place is bookable, and the cancelled booking does not come back to life.
    unwrap(await w.book('11:00', '13900001111', '李四'));
    expect(await w.remaining('11:00')).toBe(0);
    expect(unwrap(await w.services.appointments.cancel(a.code, '5678', 'ip-1')).status).toBe('cancelled');
  });

  it('refuses a wrong phone or an unknown code as unknown, and changes nothing', async () => {
    const w = await setup();
    const a = unwrap(await w.book('11:00', '13812345678'));
    const id = present(await idOf(a.code));
    const before = await handle.db.select().from(appointments).where(eq(appointments.id, id));
    expect(errorCode(await w.services.appointments.cancel(a.code, '0000', 'ip-1'))).toBe('NOT_FOUND');
    expect(errorCode(await w.services.appointments.cancel('ABCDEFGH', '5678', 'ip-1'))).toBe('NOT_FOUND');
    const after = await handle.db.select().from(appointments).where(eq(appointments.id, id));
    expect(after).toEqual(before);
    expect(await w.remaining('11:00')).toBe(0);
    expect(await w.cancelEvents()).toBe(0);
  });

  it('a checked-in booking cannot be cancelled: the ticket stands and the place stays taken', async () => {
    const w = await setup();
    const a = unwrap(await w.book('10:30', '13812345678'));
    unwrap(await w.services.appointments.checkIn(a.code, { ip: 'ip' }));
    expect(errorCode(await w.services.appointments.cancel(a.code, '5678', 'ip'))).toBe('CONFLICT');
    expect(unwrap(await w.services.appointments.view(a.code, 'ip')).status).toBe('checked_in');
    expect(await w.cancelEvents()).toBe(0);
  });
});

describe("today's appointments for staff", () => {
  it('a counter sees the bookings of the services it serves, masked; leaders see counts per slot with no-shows and cancellations', async () => {
    const w = await setup();
    const serviceB = present(w.hall.serviceIds.B);
    const early = unwrap(await w.book('10:30', '13800000001', '王小明'));
    const late = unwrap(await w.book('11:00', '13800000002', '赵敏'));
    const gone = unwrap(await w.book('11:30', '13800000003', '周芷若'));
    unwrap(await w.book('11:00', '13800000004', '张无忌', serviceB));
    unwrap(await w.services.appointments.checkIn(early.code, { ip: 'ip' }));
    unwrap(await w.services.appointments.cancel(gone.code, '0003', 'ip'));

    // Counter 2 of the fixture serves A only (see hall-fixture); its clerk sees A's three, not B's.
    const counterId = present(w.hall.counterIds[2]);
    const clerk = w.hall.staffOf(2);
    const list = unwrap(await w.services.appointmentsToday.forCounter(clerk, counterId));
    expect(list.day).toBe('2026-11-27');
    expect(list.appointments.map((x) => [x.slotStart, x.nameMasked, x.status])).toEqual([
      [friday('10:30').toISOString(), '王*明', 'checked_in'],
      [friday('11:00').toISOString(), '赵*', 'booked'],
      [friday('11:30').toISOString(), '周*若', 'cancelled'],
    ]);
    expect(list.appointments[0]?.ticketNumber).toMatch(/^A\d{3}$/);
    expect(JSON.stringify(list)).not.toContain('1380000');
    expect(JSON.stringify(list)).not.toContain(late.code);

    // 11:00's window closes at 11:15 unchecked: a no-show.
    w.clock.set(new Date(friday('11:00').getTime() + (defaultAppointmentSettings.checkInAfterMinutes + 1) * 60_000));
    const counts = unwrap(await w.services.appointmentsToday.forHall(w.hall.leader, w.hall.slug));
    expect(counts.totals).toEqual({ booked: 0, checkedIn: 1, noShow: 2, cancelled: 1 });
    const a = present(counts.services.find((s) => s.serviceId === w.serviceA));
    expect(a.slots.map((s) => [s.start, s.checkedIn, s.noShow, s.cancelled])).toEqual([
      [friday('10:30').toISOString(), 1, 0, 0],
      [friday('11:00').toISOString(), 0, 1, 0],
      [friday('11:30').toISOString(), 0, 0, 1],
    ]);

    const other = await createHallFixture(handle.db);
    expect(errorCode(await w.services.appointmentsToday.forHall(clerk, w.hall.slug))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.appointmentsToday.forHall(other.leader, w.hall.slug))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.appointmentsToday.forCounter(other.staffOf(1), counterId))).toBe('FORBIDDEN');
  });
});

async function idOf(code: string): Promise<string | undefined> {
  const [row] = await handle.db.select({ id: appointments.id }).from(appointments).where(eq(appointments.code, code));
  return row?.id;
}
