import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, dailyCounters, halls, services, tickets } from '../../db/schema';
import type { CheckInResponse } from '../contracts/appointments';
import type { Clock } from '../domain/clock';
import { checkInWindow, hallDateTime } from '../domain/appointments';
import { formatTicketNumber } from '../domain/numbering';
import { orderQueue } from '../domain/ordering';
import type { RunCommand } from './command';
import { isRegisteredDevice } from './display-devices';
import { type GuessLimiter, tooManyGuesses } from './guess-limiter';
import type { HallForecasts } from './hall-forecasts';
import { policyOf, waitingOfService } from './lookups';
import { type Result, fail, ok, refuse } from './result';
import { appointmentRulesOf, viewOfAppointment } from './appointment-support';
import type { AppointmentService } from './appointments';

export interface CheckInDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  limiter: GuessLimiter;
  appointments: AppointmentService;
  forecasts: HallForecasts;
}

export interface CheckInOutcome extends CheckInResponse {
  /** True when the appointment had been checked in before: the same ticket again. */
  again: boolean;
}

/**
 * Check-in turns an appointment into a ticket of its service whose place in the queue is
 * the slot's start (`queued_at`). The ticket stays in the normal lane on purpose: the
 * ordering policy puts every other class in the priority lane, interleaved one after every
 * N normal tickets, which would call an appointment before walk-ins who came before its
 * slot, or after walk-ins who came later. In the normal lane it is called exactly in slot
 * order: ahead of everyone who arrived after its slot time, behind everyone before.
 */
export function createCheckInService({ db, clock, runCommand, limiter, appointments: booking, forecasts }: CheckInDeps) {
  async function checkIn(code: string, client: { ip: string; deviceKey?: string | undefined }): Promise<Result<CheckInOutcome>> {
    // A registered kiosk checks in the whole day's appointments from one address, and its
    // mistypes are the public's: it is never counted, never blocked.
    const kiosk = await isRegisteredDevice(db, client.deviceKey);
    if (!kiosk) {
      const wait = await limiter.retryAfter(client.ip);
      if (wait !== null) return tooManyGuesses(wait);
    }
    const found = await booking.findByCode(code);
    if (!found) {
      if (!kiosk) await limiter.miss(client.ip);
      return fail('NOT_FOUND', 'Appointment not found');
    }
    const [hall] = await db.select().from(halls).where(eq(halls.id, found.hallId));
    if (!hall) return fail('NOT_FOUND', 'Appointment not found');
    // A window that closed unchecked is recorded as a no-show first, in its own transaction
    // (the refusal below rolls back whatever its own transaction wrote).
    await booking.sweepHall(hall);
    const rules = appointmentRulesOf(hall);

    const done = await runCommand(
      { actor: `citizen:appointment:${found.id}`, hallId: hall.id, request: { op: 'appointments.check-in', code } },
      async ({ tx, now, emit }) => {
        const [row] = await tx.select().from(appointments).where(eq(appointments.id, found.id)).for('update');
        if (!row) refuse('NOT_FOUND', 'Appointment not found');
        if (row.status === 'checked_in' && row.ticketId) return { appointment: row, ticketId: row.ticketId, again: true };
        const { opensAt, closesAt } = checkInWindow(row.slotStart, rules);
        const window = `from ${hallDateTime(opensAt, hall.timeZone)} to ${hallDateTime(closesAt, hall.timeZone)} (hall time)`;
        if (row.status === 'cancelled') refuse('CONFLICT', 'This appointment was cancelled');
        if (row.status === 'no_show') refuse('CONFLICT', `Check-in for this appointment was open ${window}; it has closed`);
        if (now < opensAt) refuse('CONFLICT', `Check-in for this appointment opens ${window}`);
        if (now > closesAt) refuse('CONFLICT', `Check-in for this appointment was open ${window}; it has closed`);
        const [service] = await tx.select().from(services).where(eq(services.id, row.serviceId));
        if (!service) refuse('NOT_FOUND', 'Service not found');

        // Numbered like any ticket of the service that day (same gapless counter), but not
        // refused for the daily cap or the hour: the place was promised when it was booked.
        const [bumped] = await tx
          .insert(dailyCounters)
          .values({ hallId: hall.id, serviceId: service.id, day: row.day, lastSeq: 1 })
          .onConflictDoUpdate({
            target: [dailyCounters.serviceId, dailyCounters.day],
            set: { lastSeq: sql`${dailyCounters.lastSeq} + 1` },
          })
          .returning({ seq: dailyCounters.lastSeq });
        const seq = bumped?.seq ?? 0;
        const id = randomUUID();
        const number = formatTicketNumber(service.prefix, seq);
        await tx.insert(tickets).values({
          id,
          hallId: hall.id,
          serviceId: service.id,
          day: row.day,
          seq,
          number,
          priorityClass: 'normal',
          channel: 'appointment',
          status: 'waiting',
          queuedAt: row.slotStart,
          issuedAt: now,
          rootTicketId: id,
          token: randomBytes(18).toString('base64url'),
          phone: row.phone,
        });
        const [updated] = await tx
          .update(appointments)
          .set({ status: 'checked_in', ticketId: id, checkedInAt: now })
          .where(eq(appointments.id, row.id))
          .returning();
        emit({ type: 'ticket.issued', ticketId: id, data: { number, serviceId: service.id, channel: 'appointment' } });
        emit({ type: 'queue.changed', data: { serviceId: service.id } });
        emit({ type: 'appointment.checked_in', ticketId: id, data: { appointmentId: row.id, ticketId: id, serviceId: service.id } });
        return { appointment: updated ?? row, ticketId: id, again: false };
      },
    );
    if (!done.ok) return done;
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, done.data.ticketId));
    const [service] = ticket ? await db.select().from(services).where(eq(services.id, ticket.serviceId)) : [];
    if (!ticket?.token || !service) return fail('NOT_FOUND', 'Ticket not found');
    const waiting = await waitingOfService(db, service.id, ticket.day);
    const ordered = orderQueue(waiting, policyOf(hall, [service]), clock.now());
    const index = ordered.findIndex((o) => o.entry.id === ticket.id);
    const hallWaits = await forecasts.forHall(hall);
    const eta = hallWaits.ticket(ticket.id) ?? hallWaits.service(service.id);
    return ok({
      again: done.data.again,
      ticket: {
        id: ticket.id,
        number: ticket.number,
        serviceId: ticket.serviceId,
        status: ticket.status as CheckInResponse['ticket']['status'],
        position: index >= 0 ? index + 1 : null,
        etaMinutes: { low: eta.low, high: eta.high },
        token: ticket.token,
        url: booking.ticketUrl(ticket.token),
      },
      appointment: await viewOfAppointment(db, done.data.appointment, booking.ticketUrl),
    });
  }

  return { checkIn };
}
