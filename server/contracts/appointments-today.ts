import { z } from 'zod';
import { hallRef, uuid } from './common';
import { appointmentStatus } from './appointments';

/** Staff views of today's 预约: names and phones masked, never the confirmation code. */
export const counterAppointment = z.object({
  id: uuid,
  slotStart: z.string(),
  slotEnd: z.string(),
  serviceId: uuid,
  serviceName: z.string(),
  nameMasked: z.string(),
  /**
   * While the booking waits for its citizen: the phone masked, for the clerk who must move
   * the slot (预约变更), who reads it whole through personal-data/reveal; null afterwards.
   */
  phoneMasked: z.string().nullable().optional(),
  status: appointmentStatus,
  checkedInAt: z.string().nullable(),
  /** The number the check-in issued. */
  ticketNumber: z.string().nullable(),
});
export const counterAppointments = z
  .object({ day: z.string(), appointments: z.array(counterAppointment) })
  .meta({ id: 'CounterAppointmentsToday' });

const slotCounts = z.object({
  /** Booked and not yet checked in. */
  booked: z.number().int(),
  checkedIn: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
});
export const hallAppointments = z
  .object({
    day: z.string(),
    totals: slotCounts,
    services: z.array(
      z.object({
        serviceId: uuid,
        serviceName: z.string(),
        totals: slotCounts,
        slots: z.array(slotCounts.extend({ start: z.string(), end: z.string() })),
      }),
    ),
  })
  .meta({ id: 'HallAppointmentsToday' });

export const appointmentsTodayParams = {
  counter: z.object({ counterId: uuid }),
  hall: z.object({ hall: hallRef }),
};

export type CounterAppointments = z.infer<typeof counterAppointments>;
export type HallAppointments = z.infer<typeof hallAppointments>;
export type SlotCounts = z.infer<typeof slotCounts>;
