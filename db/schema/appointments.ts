import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';
import { services } from './services';
import { tickets } from './tickets';

export const appointmentStatuses = ['booked', 'checked_in', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** 预约: a place in a service's time slot; check-in turns it into a ticket queued at the slot time. */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    serviceId: uuid('service_id').notNull().references(() => services.id),
    /** The hall-local day of the slot. */
    day: date('day', { mode: 'string' }).notNull(),
    slotStart: timestamp('slot_start', { withTimezone: true }).notNull(),
    slotEnd: timestamp('slot_end', { withTimezone: true }).notNull(),
    /** The confirmation code the citizen shows or types at check-in. */
    code: text('code').notNull().unique(),
    /** Stored once, shown only masked. */
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    status: text('status').$type<AppointmentStatus>().notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** When retention replaced the name and phone (the closing time plus the hall's caseRetentionDays). */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [
    index('appointments_service_slot_idx').on(t.serviceId, t.slotStart),
    index('appointments_phone_idx').on(t.phone, t.slotStart),
    index('appointments_hall_day_idx').on(t.hallId, t.day),
  ],
);
