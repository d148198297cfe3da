import { and, asc, count, eq, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  conditionalAcceptances,
  counterServices,
  counters,
  ratings,
  refusals,
  services,
  tickets,
  unresolvedCases,
  workOrders,
} from '../../../db/schema';
import { refusedOutcome } from '../../domain/visit-outcome';
import { shiftDay } from '../../domain/local-day';
import type { HallRow } from '../lookups';
import { satisfactionSummary } from './satisfaction';
import type { createTodayEvents } from './today-events';

export interface DayWindow {
  day: string;
  start: Date;
  end: Date;
  now: Date;
}

/**
 * Everything the live figures of one hall are computed from, in one round of parallel
 * reads, each on an index: today's tickets (hall, day), the hall's configuration, today's
 * ratings, the open governance items by (hall, status), and today's events by key range.
 */
export async function loadHallDay(db: Db, todayEvents: ReturnType<typeof createTodayEvents>, hall: HallRow, w: DayWindow) {
  const lastWeekDay = shiftDay(w.day, -7);
  const lastWeekNow = new Date(w.now.getTime() - 7 * 24 * 3_600_000);
  const [
    serviceRows,
    counterRows,
    links,
    ticketRows,
    [lastWeek],
    eventRows,
    ratingRows,
    satisfaction,
    [pending],
    caseRows,
    conditionalRows,
    orderRows,
  ] = await Promise.all([
    db
      .select({ id: services.id, prefix: services.prefix, name: services.name, typicalServiceMinutes: services.typicalServiceMinutes, waitTargetMinutes: services.waitTargetMinutes })
      .from(services)
      .where(and(eq(services.hallId, hall.id), eq(services.active, true)))
      .orderBy(asc(services.sortOrder), asc(services.prefix)),
    db.select().from(counters).where(eq(counters.hallId, hall.id)).orderBy(asc(counters.number)),
    db
      .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(eq(counters.hallId, hall.id)),
    db
      .select({
        id: tickets.id,
        serviceId: tickets.serviceId,
        number: tickets.number,
        seq: tickets.seq,
        status: tickets.status,
        outcome: tickets.outcome,
        parentTicketId: tickets.parentTicketId,
        counterId: tickets.counterId,
        queuedAt: tickets.queuedAt,
        issuedAt: tickets.issuedAt,
        calledAt: tickets.calledAt,
        startedAt: tickets.startedAt,
        finishedAt: tickets.finishedAt,
      })
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, w.day))),
    db
      .select({ n: count() })
      .from(tickets)
      .where(
        and(
          eq(tickets.hallId, hall.id),
          eq(tickets.day, lastWeekDay),
          eq(tickets.status, 'completed'),
          // 办结 as countsAsServed says: a refused visit is not done.
          or(isNull(tickets.outcome), ne(tickets.outcome, refusedOutcome)),
          lte(tickets.finishedAt, lastWeekNow),
        ),
      ),
    todayEvents.read(hall.id, w.day, w.start, w.end, hall.eventSeq),
    // Ratings of today's visits, reached through today's tickets (indexed) and the ratings' key.
    db
      .select({ counterId: ratings.counterId, level: ratings.level, at: ratings.at })
      .from(tickets)
      .innerJoin(ratings, eq(ratings.rootTicketId, tickets.id))
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, w.day), eq(ratings.excluded, false)))
      .orderBy(asc(ratings.at)),
    satisfactionSummary(db, { hallId: hall.id, from: w.start, to: w.end }),
    db
      .select({ n: count() })
      .from(refusals)
      .where(and(eq(refusals.hallId, hall.id), eq(refusals.status, 'pending'))),
    db
      .select({ id: unresolvedCases.id, description: unresolvedCases.description, deadline: unresolvedCases.deadline })
      .from(unresolvedCases)
      .where(and(eq(unresolvedCases.hallId, hall.id), ne(unresolvedCases.status, 'closed'))),
    db
      .select({ id: conditionalAcceptances.id, missingItems: conditionalAcceptances.missingItems, deadline: conditionalAcceptances.deadline })
      .from(conditionalAcceptances)
      .where(and(eq(conditionalAcceptances.hallId, hall.id), eq(conditionalAcceptances.status, 'open'))),
    db
      .select({ id: workOrders.id, summary: workOrders.summary, step: workOrders.step, stepDeadline: workOrders.stepDeadline })
      .from(workOrders)
      .where(and(eq(workOrders.hallId, hall.id), inArray(workOrders.step, ['verify', 'rectify', 'answer', 'review']))),
  ]);
  return {
    services: serviceRows,
    counters: counterRows,
    links,
    tickets: ticketRows,
    lastWeek: { day: lastWeekDay, served: lastWeek?.n ?? 0 },
    events: eventRows,
    ratings: ratingRows,
    satisfaction,
    pendingRefusals: pending?.n ?? 0,
    cases: caseRows,
    conditional: conditionalRows,
    workOrders: orderRows,
  };
}

export type HallDay = Awaited<ReturnType<typeof loadHallDay>>;
export type DayTicket = HallDay['tickets'][number];
