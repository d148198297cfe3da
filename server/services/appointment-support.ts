import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { type AppointmentSettings, appointments, defaultAppointmentSettings, halls, services, settingsOf, tickets } from '../../db/schema';
import type { AppointmentView } from '../contracts/appointments';
import { checkInWindow } from '../domain/appointments';
import { maskName, maskPhone } from '../domain/masking';
import type { HallRow, ServiceRow } from './lookups';

export type AppointmentRow = typeof appointments.$inferSelect;

/** The hall's appointment rules, with today's defaults for keys an older row lacks (see settingsOf). */
export function appointmentRulesOf(hall: HallRow): AppointmentSettings {
  return settingsOf(hall).appointments;
}

/**
 * Places per slot of a service: its own `slot_capacity`, else the hall's default. The
 * 办不成事 window and 秒批 services take none: the first is for escalation on the day,
 * the second is finished online instead of at a counter.
 */
export function capacityOf(service: ServiceRow, rules: AppointmentSettings): number {
  if (!service.active || service.kind === 'unresolved_matter' || service.instantApproval) return 0;
  return Math.max(0, service.slotCapacity ?? rules.slotCapacity);
}

/** Appointments that hold a place in their slot (a no-show held it too). */
export const holdingStatuses = ['booked', 'checked_in', 'no_show'] as const;

export async function placesTaken(db: DbOrTx, serviceId: string, day: string): Promise<Map<number, number>> {
  const rows = await db
    .select({ slotStart: appointments.slotStart, n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(eq(appointments.serviceId, serviceId), eq(appointments.day, day), inArray(appointments.status, [...holdingStatuses])))
    .groupBy(appointments.slotStart);
  return new Map(rows.map((r) => [r.slotStart.getTime(), Number(r.n)]));
}

/** The citizen's view of an appointment: never the name or phone in full. */
export async function viewOfAppointment(db: DbOrTx, row: AppointmentRow, ticketUrl: (token: string) => string): Promise<AppointmentView> {
  const [[hall], [service], ticketRows] = await Promise.all([
    db.select().from(halls).where(eq(halls.id, row.hallId)),
    db.select({ name: services.name }).from(services).where(eq(services.id, row.serviceId)),
    row.ticketId
      ? db.select({ number: tickets.number, token: tickets.token }).from(tickets).where(eq(tickets.id, row.ticketId))
      : Promise.resolve([]),
  ]);
  const rules = hall ? appointmentRulesOf(hall) : defaultAppointmentSettings;
  const window = checkInWindow(row.slotStart, rules);
  const ticket = ticketRows[0];
  return {
    code: row.code,
    status: row.status,
    serviceId: row.serviceId,
    serviceName: service?.name ?? '',
    hall: { id: row.hallId, slug: hall?.slug ?? '', name: hall?.name ?? '' },
    day: row.day,
    slotStart: row.slotStart.toISOString(),
    slotEnd: row.slotEnd.toISOString(),
    checkIn: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
    nameMasked: maskName(row.name),
    phoneMasked: maskPhone(row.phone),
    ticket: ticket?.token ? { number: ticket.number, token: ticket.token, url: ticketUrl(ticket.token) } : null,
  };
}
