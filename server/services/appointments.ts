import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, halls, services, settingsOf } from '../../db/schema';
import type { AppointmentView, BookBody, SlotsResponse } from '../contracts/appointments';
import type { Clock } from '../domain/clock';
import { addDays, blockedUntil, codeFromBytes, hallDateTime, slotsOfDay } from '../domain/appointments';
import { localTime } from '../domain/hall-time';
import type { RunCommand } from './command';
import type { CitizenWriteLimits, WriteClient } from './citizen-write-limits';
import { type GuessLimiter, tooManyGuesses } from './guess-limiter';
import { type HallRow, type ServiceRow, findHall } from './lookups';
import { type Result, fail, ok, refuse } from './result';
import {
  type AppointmentRow,
  appointmentRulesOf,
  capacityOf,
  holdingStatuses,
  placesTaken,
  viewOfAppointment,
} from './appointment-support';

export interface AppointmentServiceDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  limiter: GuessLimiter;
  /** Per-day limits on anonymous bookings; none when the caller is not a citizen over HTTP. */
  writeLimits?: CitizenWriteLimits | undefined;
  publicUrl?: string | undefined;
}

export interface BookingOptions {
  hall: HallRow;
  services: Array<{ id: string; name: string; prefix: string; capacity: number }>;
  days: string[];
  slotMinutes: number;
  checkInBeforeMinutes: number;
  checkInAfterMinutes: number;
  /** Days after the appointment ends before its name and phone are anonymised (caseRetentionDays). */
  keptDays: number;
}

const dayMs = 86_400_000;

export function createAppointmentService({ db, clock, runCommand, limiter, writeLimits, publicUrl }: AppointmentServiceDeps) {
  const ticketUrl = (token: string) => `${publicUrl ?? ''}/t/${token}`;

  async function serviceOfHall(hall: HallRow, serviceId: string): Promise<ServiceRow | undefined> {
    const [service] = await db
      .select()
      .from(services)
      .where(and(eq(services.id, serviceId), eq(services.hallId, hall.id)));
    return service;
  }

  function bookableDays(hall: HallRow, now: Date): { first: string; last: string } {
    const first = localTime(now, hall.timeZone).day;
    return { first, last: addDays(first, Math.max(0, appointmentRulesOf(hall).bookingDaysAhead)) };
  }

  /**
   * Marks every appointment of the hall whose check-in window closed unchecked as a
   * no-show, at the moment the window closed (not when the sweep ran), so the record
   * and the 3-in-30-days rule do not depend on how often the sweep runs.
   */
  async function sweepHall(hall: HallRow): Promise<number> {
    const after = appointmentRulesOf(hall).checkInAfterMinutes;
    const cutoff = new Date(clock.now().getTime() - after * 60_000);
    const [due] = await db
      .select({ id: appointments.id })
      .from(appointments)
      .where(and(eq(appointments.hallId, hall.id), eq(appointments.status, 'booked'), lt(appointments.slotStart, cutoff)))
      .limit(1);
    if (!due) return 0;
    const swept = await runCommand({ actor: 'system', hallId: hall.id, request: { op: 'appointments.sweep' } }, async ({ tx, emit }) => {
      const rows = await tx
        .update(appointments)
        .set({ status: 'no_show', closedAt: sql`${appointments.slotStart} + make_interval(mins => ${after})` })
        .where(and(eq(appointments.hallId, hall.id), eq(appointments.status, 'booked'), lt(appointments.slotStart, cutoff)))
        .returning({ id: appointments.id, serviceId: appointments.serviceId, slotStart: appointments.slotStart });
      for (const r of rows) {
        emit({ type: 'appointment.no_show', data: { appointmentId: r.id, serviceId: r.serviceId, slotStart: r.slotStart.toISOString() } });
      }
      return rows.length;
    });
    return swept.ok ? swept.data : 0;
  }

  /** The periodic sweep over every hall (server/main.ts runs it every minute). */
  async function sweepNoShows(): Promise<number> {
    let total = 0;
    for (const hall of await db.select().from(halls)) total += await sweepHall(hall);
    return total;
  }

  async function bookingOptions(hallRef: string): Promise<Result<BookingOptions>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const rules = appointmentRulesOf(hall);
    const rows = await db
      .select()
      .from(services)
      .where(and(eq(services.hallId, hall.id), eq(services.active, true)))
      .orderBy(services.sortOrder);
    const { first } = bookableDays(hall, clock.now());
    return ok({
      hall,
      services: rows
        .map((s) => ({ id: s.id, name: s.name, prefix: s.prefix, capacity: capacityOf(s, rules) }))
        .filter((s) => s.capacity > 0),
      days: Array.from({ length: Math.max(0, rules.bookingDaysAhead) + 1 }, (_, i) => addDays(first, i)),
      slotMinutes: rules.slotMinutes,
      checkInBeforeMinutes: rules.checkInBeforeMinutes,
      checkInAfterMinutes: rules.checkInAfterMinutes,
      keptDays: settingsOf(hall).caseRetentionDays,
    });
  }

  async function slots(hallRef: string, serviceId: string, date: string): Promise<Result<SlotsResponse>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const service = await serviceOfHall(hall, serviceId);
    if (!service) return fail('NOT_FOUND', 'Service not found in this hall');
    const rules = appointmentRulesOf(hall);
    const capacity = capacityOf(service, rules);
    const now = clock.now();
    const { first, last } = bookableDays(hall, now);
    const base = { serviceId, date, slotMinutes: rules.slotMinutes, firstDay: first, lastDay: last };
    if (capacity === 0 || date < first || date > last) return ok({ ...base, slots: [] });
    const taken = await placesTaken(db, service.id, date);
    return ok({
      ...base,
      slots: slotsOfDay(date, hall.timeZone, service.openingHours, rules.slotMinutes, settingsOf(hall).calendar).map((slot) => {
        const remaining = Math.max(0, capacity - (taken.get(slot.start.getTime()) ?? 0));
        const status = slot.start <= now ? 'past' : remaining === 0 ? 'full' : 'open';
        return { start: slot.start.toISOString(), end: slot.end.toISOString(), capacity, remaining, status };
      }),
    });
  }

  async function book(hallRef: string, body: BookBody, client?: WriteClient): Promise<Result<AppointmentView>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const service = await serviceOfHall(hall, body.serviceId);
    if (!service) return fail('NOT_FOUND', 'Service not found in this hall');
    const rules = appointmentRulesOf(hall);
    const capacity = capacityOf(service, rules);
    if (capacity === 0) return fail('CONFLICT', `${service.name} does not take appointments`);
    const slotStart = new Date(body.slotStart);
    const day = localTime(slotStart, hall.timeZone).day;
    const slot = slotsOfDay(day, hall.timeZone, service.openingHours, rules.slotMinutes, settingsOf(hall).calendar).find(
      (s) => s.start.getTime() === slotStart.getTime(),
    );
    if (!slot) return fail('VALIDATION', `${body.slotStart} is not the start of a slot of ${service.name}`);
    await sweepHall(hall);
    const allowance = client && writeLimits ? await writeLimits.take('appointment', hall, client, body.phone) : null;
    if (allowance && !allowance.ok) return allowance;

    const booked = await runCommand(
      { actor: `citizen:appointment:${hall.id}`, hallId: hall.id, request: { op: 'appointments.book', body } },
      async ({ tx, now, emit }) => {
        const { first, last } = bookableDays(hall, now);
        if (slot.start <= now) refuse('CONFLICT', `The slot at ${hallDateTime(slot.start, hall.timeZone)} has already started`);
        if (day < first || day > last) {
          refuse('CONFLICT', `Appointments can be booked for ${first} to ${last}; ${day} is not open for booking`);
        }
        const since = new Date(now.getTime() - (rules.noShowWindowDays + rules.blockDays) * dayMs);
        const missed = await tx
          .select({ at: appointments.closedAt, slotStart: appointments.slotStart })
          .from(appointments)
          .where(
            and(
              eq(appointments.hallId, hall.id),
              eq(appointments.phone, body.phone),
              eq(appointments.status, 'no_show'),
              gte(appointments.slotStart, since),
            ),
          );
        const until = blockedUntil(missed.map((m) => m.at ?? m.slotStart), rules, now);
        if (until) {
          refuse(
            'FORBIDDEN',
            `This phone number missed ${rules.noShowLimit} appointments within ${rules.noShowWindowDays} days; ` +
              `it can book again from ${hallDateTime(until, hall.timeZone)} (hall time)`,
          );
        }
        // Bookings of one service queue on its row, so two citizens never take the last place both.
        await tx.select({ id: services.id }).from(services).where(eq(services.id, service.id)).for('update');
        const holders = await tx
          .select({ phone: appointments.phone })
          .from(appointments)
          .where(
            and(
              eq(appointments.serviceId, service.id),
              eq(appointments.slotStart, slot.start),
              inArray(appointments.status, [...holdingStatuses]),
            ),
          );
        if (holders.some((h) => h.phone === body.phone)) refuse('CONFLICT', 'This phone number already has an appointment in this slot');
        if (holders.length >= capacity) refuse('CONFLICT', `The slot at ${hallDateTime(slot.start, hall.timeZone)} is full`);
        const id = randomUUID();
        // A clash of codes violates the unique index; the runner retries with a new one.
        const [row] = await tx
          .insert(appointments)
          .values({
            id,
            hallId: hall.id,
            serviceId: service.id,
            day,
            slotStart: slot.start,
            slotEnd: slot.end,
            code: codeFromBytes(randomBytes(8)),
            name: body.name,
            phone: body.phone,
            status: 'booked',
            createdAt: now,
          })
          .returning();
        if (!row) throw new Error('appointment insert returned nothing');
        emit({ type: 'appointment.booked', data: { appointmentId: id, serviceId: service.id, slotStart: slot.start.toISOString() } });
        return row;
      },
    );
    if (!booked.ok) {
      // Nothing was booked (slot full, blocked phone): the attempt costs no allowance.
      if (allowance) await allowance.data.refund();
      return booked;
    }
    return ok(await viewOfAppointment(db, booked.data, ticketUrl));
  }

  async function findByCode(code: string): Promise<AppointmentRow | undefined> {
    const [row] = await db.select().from(appointments).where(eq(appointments.code, code));
    return row;
  }

  /** Anyone with the code sees the appointment, masked; unknown codes count as guesses. */
  async function view(code: string, ip: string): Promise<Result<AppointmentView>> {
    const wait = await limiter.retryAfter(ip);
    if (wait !== null) return tooManyGuesses(wait);
    let row = await findByCode(code);
    if (!row) {
      await limiter.miss(ip);
      return fail('NOT_FOUND', 'Appointment not found');
    }
    if (row.status === 'booked') {
      const [hall] = await db.select().from(halls).where(eq(halls.id, row.hallId));
      if (hall && (await sweepHall(hall)) > 0) row = (await findByCode(code)) ?? row;
    }
    return ok(await viewOfAppointment(db, row, ticketUrl));
  }

  /**
   * Cancelling needs the code and the last 4 digits of the phone; a wrong pair reads as an unknown code.
   * It frees the place in the slot (a cancelled booking holds none) and is idempotent.
   */
  async function cancel(code: string, phoneLast4: string, ip: string): Promise<Result<AppointmentView>> {
    const wait = await limiter.retryAfter(ip);
    if (wait !== null) return tooManyGuesses(wait);
    const row = await findByCode(code);
    if (!row || !row.phone.endsWith(phoneLast4)) {
      await limiter.miss(ip);
      return fail('NOT_FOUND', 'Appointment not found');
    }
    const done = await runCommand(
      { actor: `citizen:appointment:${row.id}`, hallId: row.hallId, request: { op: 'appointments.cancel', code } },
      async ({ tx, now, emit }) => {
        const [locked] = await tx.select().from(appointments).where(eq(appointments.id, row.id)).for('update');
        // Cancelling twice (a double tap, a retry after a lost answer) answers the cancelled booking again: no second event.
        if (locked?.status === 'cancelled') return locked;
        if (!locked || locked.status !== 'booked') refuse('CONFLICT', `Only a booked appointment can be cancelled; this one is ${locked?.status ?? 'gone'}`);
        const [updated] = await tx
          .update(appointments)
          .set({ status: 'cancelled', closedAt: now })
          .where(eq(appointments.id, locked.id))
          .returning();
        emit({ type: 'appointment.cancelled', data: { appointmentId: locked.id, serviceId: locked.serviceId, slotStart: locked.slotStart.toISOString() } });
        return updated ?? locked;
      },
    );
    if (!done.ok) return done;
    return ok(await viewOfAppointment(db, done.data, ticketUrl));
  }

  return { bookingOptions, slots, book, view, cancel, sweepHall, sweepNoShows, findByCode, ticketUrl };
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
