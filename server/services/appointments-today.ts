import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, counters, services, tickets } from '../../db/schema';
import type { CounterAppointments, HallAppointments, SlotCounts } from '../contracts/appointments-today';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { maskName, maskPhone } from '../domain/masking';
import type { StaffActor } from './actors';
import { type HallRow, findHall, servicesOfCounter } from './lookups';
import { type Result, fail, ok } from './result';

const isLeader = (actor: StaffActor) => actor.role === 'leader' || actor.role === 'admin';
const zero = (): SlotCounts => ({ booked: 0, checkedIn: 0, noShow: 0, cancelled: 0 });
const countKey = { booked: 'booked', checked_in: 'checkedIn', no_show: 'noShow', cancelled: 'cancelled' } as const;

/**
 * Today's 预约 for the people in the hall: each counter sees the bookings of the services it
 * serves (masked names, checked in or not); the duty leader and the leaders' screen see
 * the counts per service and slot. Both sweep no-shows first, so a slot whose check-in
 * window closed reads as missed rather than still booked.
 */
export function createAppointmentsTodayService({ db, clock, sweepHall }: { db: Db; clock: Clock; sweepHall: (hall: HallRow) => Promise<number> }) {
  async function rowsOfDay(hall: HallRow, serviceIds?: string[]) {
    await sweepHall(hall);
    const day = localTime(clock.now(), hall.timeZone).day;
    const where = [eq(appointments.hallId, hall.id), eq(appointments.day, day)];
    if (serviceIds) where.push(inArray(appointments.serviceId, serviceIds));
    const rows = await db
      .select({ a: appointments, serviceName: services.name, ticketNumber: tickets.number })
      .from(appointments)
      .innerJoin(services, eq(services.id, appointments.serviceId))
      .leftJoin(tickets, eq(tickets.id, appointments.ticketId))
      .where(and(...where))
      .orderBy(asc(appointments.slotStart), asc(services.sortOrder), asc(appointments.createdAt));
    return { day, rows };
  }

  /** Like a counter's state: for the hall's counter staff, leaders and admins, not volunteers or inspectors. */
  async function forCounter(actor: StaffActor, counterId: string): Promise<Result<CounterAppointments>> {
    if (actor.role !== 'staff' && !isLeader(actor)) return fail('FORBIDDEN', "Only the hall's counter staff, leaders and admins see a counter's appointments");
    const [counter] = await db.select().from(counters).where(eq(counters.id, counterId));
    if (!counter) return fail('NOT_FOUND', 'Counter not found');
    if (counter.hallId !== actor.hallId) return fail('FORBIDDEN', 'This counter belongs to another hall');
    const hall = await findHall(db, counter.hallId);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const served = await servicesOfCounter(db, counter.id);
    if (served.length === 0) return ok({ day: localTime(clock.now(), hall.timeZone).day, appointments: [] });
    const { day, rows } = await rowsOfDay(hall, served);
    return ok({
      day,
      appointments: rows.map(({ a, serviceName, ticketNumber }) => ({
        id: a.id,
        slotStart: a.slotStart.toISOString(),
        slotEnd: a.slotEnd.toISOString(),
        serviceId: a.serviceId,
        serviceName,
        nameMasked: maskName(a.name),
        phoneMasked: a.status === 'booked' ? maskPhone(a.phone) : null,
        status: a.status,
        checkedInAt: a.checkedInAt?.toISOString() ?? null,
        ticketNumber: a.status === 'checked_in' ? ticketNumber : null,
      })),
    });
  }

  async function forHall(actor: StaffActor, hallRef: string): Promise<Result<HallAppointments>> {
    if (!isLeader(actor)) return fail('FORBIDDEN', "Only the hall's leaders and admins see its appointment counts");
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId) return fail('FORBIDDEN', 'This hall is not yours');
    const { day, rows } = await rowsOfDay(hall);
    const totals = zero();
    const byService = new Map<string, HallAppointments['services'][number]>();
    for (const { a, serviceName } of rows) {
      const key = countKey[a.status];
      totals[key] += 1;
      let service = byService.get(a.serviceId);
      if (!service) {
        service = { serviceId: a.serviceId, serviceName, totals: zero(), slots: [] };
        byService.set(a.serviceId, service);
      }
      service.totals[key] += 1;
      const start = a.slotStart.toISOString();
      let slot = service.slots.find((s) => s.start === start);
      if (!slot) {
        slot = { start, end: a.slotEnd.toISOString(), ...zero() };
        service.slots.push(slot);
      }
      slot[key] += 1;
    }
    return ok({ day, totals, services: [...byService.values()] });
  }

  return { forCounter, forHall };
}

export type AppointmentsTodayService = ReturnType<typeof createAppointmentsTodayService>;
