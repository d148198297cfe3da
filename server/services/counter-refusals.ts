import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { counters, events, refusals, staff, tickets } from '../../db/schema';
import type { CounterRefusal, VisitStep } from '../contracts/api';
import type { DecidedRefusal } from '../contracts/governance';
import type { TicketRow } from './lookups';

/**
 * A visit's steps from the events table, which is the audit trail of record: a ticket that was
 * started, set aside for a refusal and called back reads in the order things happened, which
 * the ticket row's single calledAt/startedAt cannot say.
 */
export async function visitSteps(db: DbOrTx, ticket: TicketRow): Promise<VisitStep[]> {
  const chain = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.rootTicketId, ticket.rootTicketId ?? ticket.id));
  const ids = [...new Set([ticket.id, ...chain.map((t) => t.id)])];
  const rows = await db
    .select({ seq: events.seq, type: events.type, at: events.at, data: events.data })
    .from(events)
    .where(and(eq(events.hallId, ticket.hallId), inArray(events.ticketId, ids)))
    .orderBy(asc(events.seq));
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type,
    at: r.at.toISOString(),
    counterNumber: typeof r.data.counterNumber === 'number' ? r.data.counterNumber : null,
  }));
}

/** The refusal requests a counter made since `since` (the hall's local midnight), newest first. */
export async function counterRefusalsSince(db: DbOrTx, counterId: string, since: Date): Promise<CounterRefusal[]> {
  const decider = alias(staff, 'decider');
  const rows = await db
    .select({ refusal: refusals, number: tickets.number, decidedBy: decider.displayName })
    .from(refusals)
    .innerJoin(tickets, eq(tickets.id, refusals.ticketId))
    .leftJoin(decider, eq(decider.id, refusals.decidedBy))
    .where(and(eq(refusals.counterId, counterId), gte(refusals.requestedAt, since)))
    .orderBy(desc(refusals.requestedAt))
    .limit(20);
  return rows.map(({ refusal, number, decidedBy }) => ({
    id: refusal.id,
    ticketId: refusal.ticketId,
    number,
    status: refusal.status,
    reason: refusal.reason,
    requestedAt: refusal.requestedAt.toISOString(),
    decidedBy: decidedBy ?? null,
    comment: refusal.decisionComment,
    decidedAt: refusal.decidedAt ? refusal.decidedAt.toISOString() : null,
  }));
}

/** The hall's refusals decided since `since`, newest first: the duty page's record of the day. */
export async function refusalsDecidedSince(db: DbOrTx, hallId: string, since: Date): Promise<DecidedRefusal[]> {
  const requester = alias(staff, 'requester');
  const decider = alias(staff, 'decider');
  const rows = await db
    .select({
      refusal: refusals,
      number: tickets.number,
      counterNumber: counters.number,
      requester: { id: requester.id, displayName: requester.displayName },
      decider: { id: decider.id, displayName: decider.displayName },
    })
    .from(refusals)
    .innerJoin(tickets, eq(tickets.id, refusals.ticketId))
    .innerJoin(counters, eq(counters.id, refusals.counterId))
    .innerJoin(requester, eq(requester.id, refusals.requestedBy))
    .innerJoin(decider, eq(decider.id, refusals.decidedBy))
    .where(and(eq(refusals.hallId, hallId), gte(refusals.decidedAt, since)))
    .orderBy(desc(refusals.decidedAt));
  return rows.flatMap(({ refusal, number, counterNumber, requester: by, decider: decidedBy }) =>
    refusal.decidedAt && refusal.status !== 'pending'
      ? [
          {
            id: refusal.id,
            number,
            counterNumber,
            requestedBy: by,
            decidedBy,
            status: refusal.status,
            reason: refusal.reason,
            comment: refusal.decisionComment,
            requestedAt: refusal.requestedAt.toISOString(),
            decidedAt: refusal.decidedAt.toISOString(),
          },
        ]
      : [],
  );
}
