import { and, eq, inArray, sql } from 'drizzle-orm';
import { counters, refusals, tickets } from '../../db/schema';
import type { DecisionBody, RefusalBody } from '../contracts/governance';
import { type TicketStatus, nextStatus } from '../domain/ticket-state';
import { type StaffActor, actorId } from './actors';
import type { RunCommand } from './command';
import { type Result, fail, refuse } from './result';

/**
 * 否定报备 — no refusal without approval. The clerk's "cannot accept" becomes a request
 * that parks the ticket; a leader of the same hall who is not the requester approves it
 * (the visit ends as refused and the citizen gets the one-time notice) or denies it (the
 * ticket stays parked at the counter, to be called back and served).
 */
export function createRefusalService({ runCommand }: { runCommand: RunCommand }) {
  async function request(
    actor: StaffActor,
    counterId: string,
    body: RefusalBody,
    key?: string,
  ): Promise<Result<{ refusal: { id: string; status: 'pending' } }>> {
    if (actor.role !== 'staff' || actor.counterId !== counterId) {
      return fail('FORBIDDEN', 'Staff may only request a refusal at their own counter');
    }
    return runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op: 'refusal', counterId, body } },
      async ({ tx, now, emit }) => {
        // The counter row first, as every counter command does: commands on one counter queue.
        const [counter] = await tx.select().from(counters).where(eq(counters.id, counterId)).for('update');
        if (!counter) refuse('NOT_FOUND', 'Counter not found');
        if (counter.hallId !== actor.hallId) refuse('FORBIDDEN', 'Staff may only act in their own hall');
        const [ticket] = await tx
          .select()
          .from(tickets)
          .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving'])))
          .for('update');
        if (!ticket) refuse('CONFLICT', 'No ticket is called or in service at this counter');
        const to = nextStatus(ticket.status as TicketStatus, 'park');
        if (!to) refuse('CONFLICT', `Ticket ${ticket.number} cannot be set aside now`);
        await tx
          .update(tickets)
          .set({ status: to, version: sql`${tickets.version} + 1` })
          .where(eq(tickets.id, ticket.id));
        const [row] = await tx
          .insert(refusals)
          .values({
            hallId: actor.hallId,
            ticketId: ticket.id,
            rootTicketId: ticket.rootTicketId ?? ticket.id,
            counterId,
            requestedBy: actor.id,
            reason: body.reason,
            legalBasis: body.legalBasis,
            items: body.notice,
            status: 'pending',
            requestedAt: now,
          })
          .returning({ id: refusals.id });
        if (!row) throw new Error('refusal not inserted');
        const data = {
          ticketId: ticket.id,
          number: ticket.number,
          counterId,
          counterNumber: counter.number,
          serviceId: ticket.serviceId,
        };
        emit({ type: 'ticket.parked', ticketId: ticket.id, counterId, data });
        // Texts stay in the refusals table: events reach every screen of the hall's staff.
        emit({ type: 'refusal.requested', ticketId: ticket.id, counterId, data: { ...data, refusalId: row.id } });
        return { refusal: { id: row.id, status: 'pending' as const } };
      },
    );
  }

  async function decide(
    actor: StaffActor,
    refusalId: string,
    body: DecisionBody,
    key?: string,
  ): Promise<Result<{ refusal: { id: string; status: 'approved' | 'denied'; decidedAt: string } }>> {
    if (actor.role !== 'leader') return fail('FORBIDDEN', 'Only a leader decides on a refusal');
    return runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op: 'decide', refusalId, body } },
      async ({ tx, now, emit }) => {
        const [refusal] = await tx.select().from(refusals).where(eq(refusals.id, refusalId)).for('update');
        if (!refusal) refuse('NOT_FOUND', 'Refusal request not found');
        if (refusal.hallId !== actor.hallId) refuse('FORBIDDEN', 'Only a leader of the same hall decides');
        // The rule of 否定报备: never the same person who asked.
        if (refusal.requestedBy === actor.id) refuse('FORBIDDEN', 'A refusal is decided by someone other than its requester');
        if (refusal.status !== 'pending') refuse('CONFLICT', `This refusal request was already ${refusal.status}`);
        const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, refusal.ticketId)).for('update');
        if (!ticket) throw new Error('refused ticket vanished');
        const [counter] = await tx.select({ number: counters.number }).from(counters).where(eq(counters.id, refusal.counterId));
        const status = body.approve ? 'approved' : 'denied';
        await tx
          .update(refusals)
          .set({ status, decidedBy: actor.id, decisionComment: body.comment ?? null, decidedAt: now })
          .where(eq(refusals.id, refusal.id));
        const data = {
          ticketId: ticket.id,
          number: ticket.number,
          counterId: refusal.counterId,
          counterNumber: counter?.number ?? null,
          serviceId: ticket.serviceId,
        };
        if (body.approve) {
          const to = nextStatus(ticket.status as TicketStatus, 'refuse');
          if (!to) refuse('CONFLICT', `Ticket ${ticket.number} is ${ticket.status}; it is no longer waiting for this decision`);
          await tx
            .update(tickets)
            .set({ status: to, outcome: 'refused', finishedAt: now, version: sql`${tickets.version} + 1` })
            .where(eq(tickets.id, ticket.id));
          emit({ type: 'ticket.completed', ticketId: ticket.id, counterId: refusal.counterId, data: { ...data, outcome: 'refused' } });
        }
        emit({
          type: body.approve ? 'refusal.approved' : 'refusal.denied',
          ticketId: ticket.id,
          counterId: refusal.counterId,
          data: { ...data, refusalId: refusal.id },
        });
        return { refusal: { id: refusal.id, status: status, decidedAt: now.toISOString() } };
      },
    );
  }

  return { request, decide };
}

export type RefusalService = ReturnType<typeof createRefusalService>;
