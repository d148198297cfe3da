import { z } from 'zod';
import { hallSummary, issuedTicket, mobilePhone } from './api';
import { caseNo, hallRef, uuid } from './common';
import { caseProgressStatus } from './conditional';

/** The confirmation code: 8 characters without 0/O/1/I; typed in any case, with spaces or dashes. */
export const appointmentCode = z
  .string()
  .max(32)
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/, 'appointment code: 8 letters and digits'));

export const appointmentParams = {
  code: z.object({ code: appointmentCode }),
  hall: z.object({ hall: hallRef }),
};

export const slotsQuery = z.object({ serviceId: uuid, date: z.iso.date() }).strict();

export const slotView = z.object({
  start: z.string(),
  end: z.string(),
  capacity: z.number().int(),
  remaining: z.number().int(),
  /** open: can be booked; full: no place left; past: already started. */
  status: z.enum(['open', 'full', 'past']),
});

export const slotsResponse = z
  .object({
    serviceId: uuid,
    date: z.string(),
    slotMinutes: z.number().int(),
    /** The days booking is open for, in the hall's calendar. */
    firstDay: z.string(),
    lastDay: z.string(),
    slots: z.array(slotView),
  })
  .meta({ id: 'Slots' });

export const bookBody = z
  .object({
    serviceId: uuid,
    slotStart: z.iso.datetime({ offset: true }),
    name: z.string().trim().min(1).max(40),
    phone: mobilePhone,
  })
  .strict();

export const appointmentStatus = z.enum(['booked', 'checked_in', 'cancelled', 'no_show']);

/** An appointment as anyone holding its code sees it: name and phone masked, always. */
export const appointmentView = z
  .object({
    code: z.string(),
    status: appointmentStatus,
    serviceId: uuid,
    serviceName: z.string(),
    hall: hallSummary,
    day: z.string(),
    slotStart: z.string(),
    slotEnd: z.string(),
    checkIn: z.object({ opensAt: z.string(), closesAt: z.string() }),
    nameMasked: z.string(),
    phoneMasked: z.string(),
    /** The ticket the check-in issued. */
    ticket: z.object({ number: z.string(), token: z.string(), url: z.string() }).nullable(),
  })
  .meta({ id: 'Appointment' });
export const appointmentResponse = z.object({ appointment: appointmentView });

export const cancelAppointmentBody = z.object({ phoneLast4: z.string().regex(/^\d{4}$/, 'last 4 digits') }).strict();

export const checkInBody = z.object({}).strict();
export const checkInResponse = z.object({ ticket: issuedTicket, appointment: appointmentView }).meta({ id: 'CheckIn' });

export const caseParams = z.object({ caseNo });
export const caseQuery = z.object({ phoneLast4: z.string().regex(/^\d{4}$/, 'last 4 digits of the phone') }).strict();

export const caseProgressView = z
  .object({
    caseNo: z.string(),
    status: caseProgressStatus,
    serviceName: z.string(),
    hall: hallSummary,
    acceptedAt: z.string(),
    updatedAt: z.string(),
    phoneMasked: z.string(),
    steps: z.array(z.object({ status: caseProgressStatus, at: z.string(), note: z.string().optional() })),
  })
  .meta({ id: 'CaseProgress' });
export const caseProgressResponse = z.object({ case: caseProgressView });

export type SlotsResponse = z.infer<typeof slotsResponse>;
export type BookBody = z.infer<typeof bookBody>;
export type AppointmentView = z.infer<typeof appointmentView>;
export type CheckInResponse = z.infer<typeof checkInResponse>;
export type CaseProgressView = z.infer<typeof caseProgressView>;
