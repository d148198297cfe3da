import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { conditionalAcceptances, counters, halls, services, settingsOf, tickets } from '../../db/schema';
import type { AcceptBody, Acceptance, AcceptanceList, CitizenConditional } from '../contracts/conditional';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { type TicketStatus, nextStatus } from '../domain/ticket-state';
import { addWorkingDays, endOfLocalDay } from '../domain/working-days';
import { type StaffActor, actorId } from './actors';
import { fileCase } from './cases';
import type { RunCommand } from './command';
import { acceptanceRows, outstanding, outstandingOfHall, toCitizenView, toStaffView } from './conditional-views';
import { type HallRow, type ServiceRow, type TicketRow, findHall } from './lookups';
import { type Result, fail, ok, refuse } from './result';

export interface ConditionalDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  resolveVisit: (token: string) => Promise<{ root: TicketRow; latest: TicketRow } | undefined>;
}

/** The latest deadline day the rule allows for a service accepted today (承诺时限, in working days). */
export function latestDeadlineDay(hall: HallRow, service: Pick<ServiceRow, 'promisedDays'>, now: Date): { day: string; workingDays: number } {
  const workingDays = service.promisedDays ?? settingsOf(hall).conditionalMaxDays;
  return { day: addWorkingDays(localTime(now, hall.timeZone).day, workingDays, settingsOf(hall).calendar), workingDays };
}

/**
 * 容缺受理 — accept with a missing document. The counter accepts the application it is
 * serving (the visit ends with the outcome 'conditional') and records what is missing, the
 * citizen's commitment and a deadline within the service's promised time limit. A phone
 * commitment waits for the citizen to confirm on their ticket page; a signed paper is recorded
 * by staff and counts at once. Staff close it when the items arrive, or withdraw it.
 */
export function createConditionalService({ db, clock, runCommand, resolveVisit }: ConditionalDeps) {
  async function viewById(tx: Tx, hall: HallRow, id: string, now: Date): Promise<Acceptance> {
    const [row] = await acceptanceRows(tx, eq(conditionalAcceptances.id, id));
    if (!row) throw new Error('acceptance vanished');
    return toStaffView(row, hall, now);
  }

  async function accept(actor: StaffActor, counterId: string, body: AcceptBody, key?: string): Promise<Result<{ acceptance: Acceptance }>> {
    if (actor.role !== 'staff' || actor.counterId !== counterId) {
      return fail('FORBIDDEN', 'Staff may only accept at their own counter');
    }
    return runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op: 'conditional-accept', counterId, body } },
      async ({ tx, now, emit }) => {
        // The counter row first, as every counter command does: commands on one counter queue.
        const [counter] = await tx.select().from(counters).where(eq(counters.id, counterId)).for('update');
        if (!counter) refuse('NOT_FOUND', 'Counter not found');
        if (counter.hallId !== actor.hallId) refuse('FORBIDDEN', 'Staff may only act in their own hall');
        const [hall] = await tx.select().from(halls).where(eq(halls.id, counter.hallId));
        if (!hall) throw new Error('hall vanished');
        const [ticket] = await tx
          .select()
          .from(tickets)
          .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving'])))
          .for('update');
        if (!ticket) refuse('CONFLICT', 'No ticket is in service at this counter');
        const to = nextStatus(ticket.status as TicketStatus, 'complete');
        if (!to) refuse('CONFLICT', `Ticket ${ticket.number} is ${ticket.status}; start serving it before accepting`);
        const [service] = await tx.select().from(services).where(eq(services.id, ticket.serviceId));
        if (!service) throw new Error('service vanished');

        const today = localTime(now, hall.timeZone).day;
        const latest = latestDeadlineDay(hall, service, now);
        const deadlineDay = body.deadline ?? latest.day;
        if (deadlineDay > latest.day) {
          refuse('VALIDATION', `The deadline may be no later than ${latest.day}: ${service.name} promises ${latest.workingDays} working days`);
        }
        if (deadlineDay < today) refuse('VALIDATION', 'The deadline cannot be in the past');

        const [completed] = await tx
          .update(tickets)
          .set({ status: to, finishedAt: now, outcome: 'conditional', version: sql`${tickets.version} + 1` })
          .where(eq(tickets.id, ticket.id))
          .returning();
        if (!completed) throw new Error('ticket vanished');
        const caseId = body.caseNo
          ? await fileCase(tx, { caseNo: body.caseNo, ticket: completed, counterId, staffId: actor.id, now, emit })
          : null;
        const paper = body.commitment === 'paper';
        const deadline = endOfLocalDay(deadlineDay, hall.timeZone);
        const [row] = await tx
          .insert(conditionalAcceptances)
          .values({
            hallId: hall.id,
            ticketId: ticket.id,
            rootTicketId: ticket.rootTicketId ?? ticket.id,
            serviceId: ticket.serviceId,
            counterId,
            staffId: actor.id,
            caseId,
            missingItems: body.missingItems,
            commitment: body.commitment,
            commitmentConfirmedAt: paper ? now : null,
            deadline,
            status: paper ? 'open' : 'awaiting_commitment',
            createdAt: now,
          })
          .returning({ id: conditionalAcceptances.id });
        if (!row) throw new Error('acceptance not inserted');
        const data = { ticketId: ticket.id, number: ticket.number, counterId, counterNumber: counter.number, serviceId: ticket.serviceId };
        emit({ type: 'ticket.completed', ticketId: ticket.id, counterId, data: { ...data, outcome: 'conditional' } });
        // The missing items stay in the table: events reach every staff screen of the hall.
        emit({
          type: 'conditional.accepted',
          ticketId: ticket.id,
          counterId,
          data: { ...data, acceptanceId: row.id, commitment: body.commitment, deadline: deadline.toISOString() },
        });
        return { acceptance: await viewById(tx, hall, row.id, now) };
      },
    );
  }

  /** The citizen confirms their commitment on their ticket page; confirming again changes nothing. */
  async function confirm(token: string, acceptanceId: string): Promise<Result<{ acceptance: CitizenConditional }>> {
    const visit = await resolveVisit(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
    const rootId = visit.root.id;
    return runCommand(
      { actor: `citizen:${rootId}`, hallId: visit.root.hallId, request: { op: 'conditional-confirm', acceptanceId } },
      async ({ tx, now, emit }) => {
        const [row] = await tx
          .select()
          .from(conditionalAcceptances)
          .where(and(eq(conditionalAcceptances.id, acceptanceId), eq(conditionalAcceptances.rootTicketId, rootId)))
          .for('update');
        if (!row) refuse('NOT_FOUND', 'No such acceptance on this ticket');
        if (row.status === 'withdrawn') refuse('CONFLICT', 'This acceptance was withdrawn');
        if (row.status === 'awaiting_commitment') {
          await tx
            .update(conditionalAcceptances)
            .set({ status: 'open', commitmentConfirmedAt: now })
            .where(eq(conditionalAcceptances.id, row.id));
          emit({
            type: 'conditional.confirmed',
            ticketId: row.ticketId,
            counterId: row.counterId,
            data: { ticketId: row.ticketId, acceptanceId: row.id, serviceId: row.serviceId },
          });
        }
        const [hall] = await tx.select().from(halls).where(eq(halls.id, row.hallId));
        const [view] = await acceptanceRows(tx, eq(conditionalAcceptances.id, row.id));
        if (!hall || !view) throw new Error('acceptance vanished');
        return { acceptance: toCitizenView(view, hall, now) };
      },
    );
  }

  /** Staff (any counter of the hall: the citizen may come back elsewhere) or a leader closes it. */
  function close(kind: 'fulfilled' | 'withdrawn', actor: StaffActor, acceptanceId: string, reason: string | null, key?: string): Promise<Result<{ acceptance: Acceptance }>> {
    if (actor.role !== 'staff' && actor.role !== 'leader') {
      return Promise.resolve(fail('FORBIDDEN', 'Only staff and leaders of the hall close an acceptance'));
    }
    return runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op: `conditional-${kind}`, acceptanceId, reason } },
      async ({ tx, now, emit }) => {
        const [row] = await tx.select().from(conditionalAcceptances).where(eq(conditionalAcceptances.id, acceptanceId)).for('update');
        if (!row) refuse('NOT_FOUND', 'Acceptance not found');
        if (row.hallId !== actor.hallId) refuse('FORBIDDEN', 'This acceptance belongs to another hall');
        if (!(outstanding as readonly string[]).includes(row.status)) refuse('CONFLICT', `This acceptance is already ${row.status}`);
        await tx
          .update(conditionalAcceptances)
          .set({ status: kind, closedAt: now, closedBy: actor.id })
          .where(eq(conditionalAcceptances.id, row.id));
        const [hall] = await tx.select().from(halls).where(eq(halls.id, row.hallId));
        if (!hall) throw new Error('hall vanished');
        const data: Record<string, unknown> = { ticketId: row.ticketId, acceptanceId: row.id, serviceId: row.serviceId };
        if (reason) data.reason = reason;
        emit({ type: kind === 'fulfilled' ? 'conditional.fulfilled' : 'conditional.withdrawn', ticketId: row.ticketId, counterId: row.counterId, data });
        return { acceptance: await viewById(tx, hall, row.id, now) };
      },
    );
  }

  /** A hall's outstanding acceptances (or only the overdue ones), for its staff and leaders. */
  async function list(actor: StaffActor, hallRef: string, state: 'open' | 'overdue' = 'open'): Promise<Result<AcceptanceList>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId || !['staff', 'leader', 'admin'].includes(actor.role)) {
      return fail('FORBIDDEN', "Only the hall's staff and leaders see its acceptances");
    }
    const now = clock.now();
    const rows = await outstandingOfHall(db, hall.id, now, state === 'overdue');
    return ok({ now: now.toISOString(), reminderDays: settingsOf(hall).conditionalReminderDays, acceptances: rows.map((r) => toStaffView(r, hall, now)) });
  }

  /** For the counter's dialog: the latest deadline each service allows today. */
  async function limits(hallId: string): Promise<Record<string, { day: string; workingDays: number; promised: boolean }>> {
    const [hall] = await db.select().from(halls).where(eq(halls.id, hallId));
    if (!hall) return {};
    const now = clock.now();
    const rows = await db.select({ id: services.id, promisedDays: services.promisedDays }).from(services).where(eq(services.hallId, hallId));
    return Object.fromEntries(rows.map((s) => [s.id, { ...latestDeadlineDay(hall, s, now), promised: s.promisedDays !== null }]));
  }

  return {
    accept,
    confirm,
    fulfil: (actor: StaffActor, acceptanceId: string, key?: string) => close('fulfilled', actor, acceptanceId, null, key),
    withdraw: (actor: StaffActor, acceptanceId: string, reason: string, key?: string) => close('withdrawn', actor, acceptanceId, reason, key),
    list,
    limits,
  };
}

export type ConditionalService = ReturnType<typeof createConditionalService>;
