import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { settingsOf, staff, tickets, unresolvedCases } from '../../db/schema';
import type { CloseCaseBody, OpenCaseBody } from '../contracts/governance';
import type { Clock } from '../domain/clock';
import { type StaffActor, actorId } from './actors';
import type { CitizenWriteLimits, WriteClient } from './citizen-write-limits';
import type { RunCommand } from './command';
import { type TicketRow, findHall } from './lookups';
import { type Result, fail, refuse } from './result';

const hourMs = 3_600_000;

export interface CaseDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  /** The visit behind a citizen's token (tickets.resolveVisit). */
  resolveVisit: (token: string) => Promise<{ root: TicketRow; latest: TicketRow } | undefined>;
  /** Per-day limits on cases opened by citizens; staff opening one for a citizen are not counted. */
  writeLimits?: CitizenWriteLimits | undefined;
}

type CaseSummary = { id: string; status: 'open' | 'assigned' | 'closed'; outcome: CloseCaseBody['outcome'] | null; assignedTo: string | null };

/**
 * 办不成事 — the couldn't-get-it-done channel. A citizen (with their ticket, or with a
 * phone number) or a counter on the citizen's behalf opens a case; it reaches the duty
 * leader live; a leader assigns and closes it, and the answer reaches the citizen's page.
 */
export function createCaseService({ db, clock, runCommand, resolveVisit, writeLimits }: CaseDeps) {
  async function open(
    hallRef: string,
    body: OpenCaseBody,
    actor: StaffActor | null,
    client?: WriteClient,
  ): Promise<Result<{ case: { id: string; status: 'open'; deadline: string } }>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (actor && actor.hallId !== hall.id) return fail('FORBIDDEN', 'Staff may only open cases in their own hall');
    let visit: { root: TicketRow; latest: TicketRow } | undefined;
    if (body.ticketToken) {
      visit = await resolveVisit(body.ticketToken);
      if (!visit || visit.root.hallId !== hall.id) return fail('NOT_FOUND', 'Ticket not found in this hall');
    } else if (actor?.counterId) {
      // A counter opens the case on behalf of the citizen it is serving.
      const [current] = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.counterId, actor.counterId), inArray(tickets.status, ['called', 'serving', 'parked'])))
        .limit(1);
      if (current) visit = { root: current, latest: current };
    }
    if (!visit && !actor && !body.phone) {
      return fail('VALIDATION', 'Give your ticket or a phone number, so the hall can answer you');
    }
    const rootId = visit ? (visit.latest.rootTicketId ?? visit.latest.id) : null;
    const openedBy = actor ? actorId(actor) : visit ? `citizen:${rootId}` : 'anonymous';
    const allowance = !actor && client && writeLimits ? await writeLimits.take('case', hall, client, body.phone) : null;
    if (allowance && !allowance.ok) return allowance;
    const opened = await runCommand({ actor: openedBy, hallId: hall.id, request: { op: 'open-case', body } }, async ({ tx, now, emit }) => {
      const deadline = new Date(now.getTime() + settingsOf(hall).caseReplyHours * hourMs);
      const [row] = await tx
        .insert(unresolvedCases)
        .values({
          hallId: hall.id,
          rootTicketId: rootId,
          description: body.description,
          phone: body.phone ?? null,
          openedBy,
          status: 'open',
          openedAt: now,
          deadline,
        })
        .returning({ id: unresolvedCases.id });
      if (!row) throw new Error('case not inserted');
      // Ids and numbers only: the description stays with the duty leader's page.
      emit({
        type: 'case.opened',
        ticketId: visit?.latest.id ?? null,
        data: { caseId: row.id, ticketId: visit?.latest.id ?? null, number: visit?.latest.number ?? null, deadline: deadline.toISOString() },
      });
      return { case: { id: row.id, status: 'open' as const, deadline: deadline.toISOString() } };
    });
    if (!opened.ok && allowance) await allowance.data.refund();
    return opened;
  }

  /** Leaders and admins of the case's hall manage it; a refusal inside the transaction changes nothing. */
  function manage(
    actor: StaffActor,
    caseId: string,
    op: string,
    key: string | undefined,
    request: unknown,
    apply: (ctx: { tx: Parameters<Parameters<RunCommand>[1]>[0]['tx']; now: Date; row: typeof unresolvedCases.$inferSelect }) => Promise<Partial<typeof unresolvedCases.$inferInsert>>,
    type: 'case.assigned' | 'case.closed',
  ): Promise<Result<{ case: CaseSummary }>> {
    if (actor.role !== 'leader' && actor.role !== 'admin') return Promise.resolve(fail('FORBIDDEN', 'Only leaders handle cases'));
    return runCommand({ actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op, caseId, request } }, async ({ tx, now, emit }) => {
      const [row] = await tx.select().from(unresolvedCases).where(eq(unresolvedCases.id, caseId)).for('update');
      if (!row) refuse('NOT_FOUND', 'Case not found');
      if (row.hallId !== actor.hallId) refuse('FORBIDDEN', 'This case belongs to another hall');
      if (row.status === 'closed') refuse('CONFLICT', 'This case is already closed');
      const change = await apply({ tx, now, row });
      const [updated] = await tx.update(unresolvedCases).set(change).where(eq(unresolvedCases.id, caseId)).returning();
      if (!updated) throw new Error('case vanished');
      let ticketId: string | null = null;
      if (updated.rootTicketId) ticketId = updated.rootTicketId;
      emit({
        type,
        ticketId,
        data: { caseId, ticketId, status: updated.status, outcome: updated.outcome, assignedTo: updated.assignedTo },
      });
      return { case: { id: updated.id, status: updated.status, outcome: updated.outcome, assignedTo: updated.assignedTo } };
    });
  }

  function assign(actor: StaffActor, caseId: string, staffId: string, key?: string) {
    return manage(
      actor,
      caseId,
      'assign-case',
      key,
      { staffId },
      async ({ tx }) => {
        const [member] = await tx
          .select({ id: staff.id })
          .from(staff)
          .where(and(eq(staff.id, staffId), eq(staff.hallId, actor.hallId), eq(staff.active, true)));
        if (!member) refuse('NOT_FOUND', 'No such staff member in this hall');
        return { status: 'assigned', assignedTo: member.id };
      },
      'case.assigned',
    );
  }

  function close(actor: StaffActor, caseId: string, body: CloseCaseBody, key?: string) {
    return manage(
      actor,
      caseId,
      'close-case',
      key,
      body,
      ({ now }) => Promise.resolve({ status: 'closed', outcome: body.outcome, answer: body.answer, closedBy: actor.id, closedAt: now }),
      'case.closed',
    );
  }

  /** Open past its deadline: the clock is injected, so tests move it. */
  const isOverdue = (row: { status: string; deadline: Date }) => row.status !== 'closed' && clock.now() > row.deadline;

  return { open, assign, close, isOverdue };
}

export type CaseService = ReturnType<typeof createCaseService>;
