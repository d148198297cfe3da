import { and, asc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { cases, conditionalAcceptances, counters, services, settingsOf, staff, tickets } from '../../db/schema';
import type { Acceptance, CitizenConditional } from '../contracts/conditional';
import { localTime } from '../domain/hall-time';
import { maskPhone } from '../domain/masking';
import { daysBetween } from '../domain/working-days';
import { type HallRow, iso } from './lookups';

/** Still waiting for the missing items: the citizen's commitment pending, or given. */
export const outstanding = ['awaiting_commitment', 'open'] as const;

const root = alias(tickets, 'root_ticket');

/** One acceptance with what every view of it needs, in one statement. */
export async function acceptanceRows(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      a: conditionalAcceptances,
      number: tickets.number,
      serviceName: services.name,
      counterNumber: counters.number,
      staffName: staff.displayName,
      caseNo: cases.caseNo,
      phone: root.phone,
    })
    .from(conditionalAcceptances)
    .innerJoin(tickets, eq(tickets.id, conditionalAcceptances.ticketId))
    .innerJoin(root, eq(root.id, conditionalAcceptances.rootTicketId))
    .innerJoin(services, eq(services.id, conditionalAcceptances.serviceId))
    .innerJoin(counters, eq(counters.id, conditionalAcceptances.counterId))
    .innerJoin(staff, eq(staff.id, conditionalAcceptances.staffId))
    .leftJoin(cases, eq(cases.id, conditionalAcceptances.caseId))
    .where(where)
    .orderBy(asc(conditionalAcceptances.deadline), asc(conditionalAcceptances.createdAt));
}

export type AcceptanceRow = Awaited<ReturnType<typeof acceptanceRows>>[number];

/**
 * Where an acceptance stands at `now`: overdue once its deadline has passed with the items
 * still missing; due soon within the hall's reminder days before it.
 */
export function timing(row: AcceptanceRow['a'], hall: HallRow, now: Date) {
  const deadlineDay = localTime(row.deadline, hall.timeZone).day;
  const daysLeft = daysBetween(localTime(now, hall.timeZone).day, deadlineDay);
  const pending = (outstanding as readonly string[]).includes(row.status);
  const overdue = pending && now.getTime() > row.deadline.getTime();
  const dueSoon = pending && !overdue && daysLeft <= settingsOf(hall).conditionalReminderDays;
  return { deadlineDay, daysLeft, overdue, dueSoon };
}

export function toStaffView(r: AcceptanceRow, hall: HallRow, now: Date): Acceptance {
  const { a } = r;
  return {
    id: a.id,
    ticketId: a.ticketId,
    number: r.number,
    serviceId: a.serviceId,
    serviceName: r.serviceName,
    counterNumber: r.counterNumber,
    staffName: r.staffName,
    missingItems: a.missingItems,
    commitment: a.commitment,
    commitmentConfirmedAt: iso(a.commitmentConfirmedAt),
    status: a.status,
    deadline: a.deadline.toISOString(),
    ...timing(a, hall, now),
    caseNo: r.caseNo,
    phoneMasked: r.phone ? maskPhone(r.phone) : null,
    createdAt: a.createdAt.toISOString(),
    closedAt: iso(a.closedAt),
  };
}

export function toCitizenView(r: AcceptanceRow, hall: HallRow, now: Date): CitizenConditional {
  const { a } = r;
  const { deadlineDay, daysLeft, overdue, dueSoon } = timing(a, hall, now);
  return {
    id: a.id,
    serviceName: r.serviceName,
    status: a.status,
    missingItems: a.missingItems,
    commitment: a.commitment,
    commitmentConfirmedAt: iso(a.commitmentConfirmedAt),
    deadline: a.deadline.toISOString(),
    deadlineDay,
    daysLeft,
    reminder: dueSoon,
    overdue,
    caseNo: r.caseNo,
  };
}

/** The visit's acceptances as its citizen reads them on the ticket page. */
export async function citizenAcceptances(db: DbOrTx, hall: HallRow, rootTicketId: string, now: Date): Promise<CitizenConditional[]> {
  const rows = await acceptanceRows(db, eq(conditionalAcceptances.rootTicketId, rootTicketId));
  return rows.map((r) => toCitizenView(r, hall, now));
}

/** A hall's acceptances still waiting for their items; only the overdue ones with `overdueOnly`. */
export async function outstandingOfHall(db: DbOrTx, hallId: string, now: Date, overdueOnly: boolean) {
  const where = and(
    eq(conditionalAcceptances.hallId, hallId),
    inArray(conditionalAcceptances.status, [...outstanding]),
    overdueOnly ? lt(conditionalAcceptances.deadline, now) : undefined,
  );
  return acceptanceRows(db, where);
}
