import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { counters, tickets } from '../../db/schema';
import { localTime } from '../domain/hall-time';
import { nextNormalSincePriority, orderQueue } from '../domain/ordering';
import type { StaffActor } from './actors';
import {
  type CounterCommand,
  type Ctx,
  calledData,
  onActive,
  queueChanged,
  requireNoPendingRefusal,
  requireOpenAndFree,
  transition,
  update,
  view,
} from './counter-command-core';
import { type CounterRow, type TicketRow, hallPolicy, servicesOfCounter, waitingForCounter } from './lookups';
import { enqueueNearlyAhead } from './outbox/citizen-messages';
import { enqueueCalledSms } from './outbox/enqueue';
import { refuse } from './result';

/** Calling: the next ticket by the hall's policy, one out of turn, a recall, a parked one back. */

/** Heads of each lane read per call: enough for the policy's pick and for skipped locks. */
const candidatesPerLane = 32;

async function markCalled(
  tx: Tx,
  ticket: TicketRow,
  actor: StaffActor,
  counter: CounterRow,
  now: Date,
): Promise<TicketRow> {
  const [updated] = await tx
    .update(tickets)
    .set({
      status: 'called',
      counterId: counter.id,
      staffId: actor.id,
      calledAt: now,
      version: sql`${tickets.version} + 1`,
    })
    .where(eq(tickets.id, ticket.id))
    .returning();
  if (!updated) throw new Error('claimed ticket vanished');
  return updated;
}

export function createCallingCommands(counterCommand: CounterCommand) {
  async function callNext(actor: StaffActor, counterId: string, key?: string) {
    return counterCommand(actor, counterId, 'call-next', key, null, async (ctx: Ctx) => {
      const { tx, now, emit, hall, counter } = ctx;
      requireOpenAndFree(ctx);
      const day = localTime(now, hall.timeZone).day;
      const serviceIds = await servicesOfCounter(tx, counter.id);
      const policy = await hallPolicy(tx, hall);
      const candidates = await waitingForCounter(tx, counter.id, serviceIds, day, candidatesPerLane, !!policy.services);
      const ordered = orderQueue(candidates, policy, now, counter.normalSincePriority);
      for (const { entry } of ordered) {
        // Claim in policy order; a row another counter is claiming right now is skipped,
        // and one it already took fails the status re-check, so no ticket is called twice.
        const [claimed] = await tx
          .select()
          .from(tickets)
          .where(and(eq(tickets.id, entry.id), eq(tickets.status, 'waiting')))
          .for('update', { skipLocked: true });
        if (!claimed) continue;
        const called = await markCalled(tx, claimed, actor, counter, now);
        await tx
          .update(counters)
          .set({ normalSincePriority: nextNormalSincePriority(entry, counter.normalSincePriority) })
          .where(eq(counters.id, counter.id));
        await enqueueCalledSms(tx, hall, called, counter, now);
        await enqueueNearlyAhead(tx, hall, called.serviceId, called.day, now);
        emit({ type: 'ticket.called', ticketId: called.id, counterId: counter.id, data: calledData(called, counter) });
        queueChanged(emit, called.serviceId);
        return { ticket: await view(tx, called) };
      }
      return { ticket: null };
    });
  }

  /** Out of turn: allowed with a reason, and recorded for the fairness ledger. */
  async function callChosen(actor: StaffActor, counterId: string, ticketId: string, reason: string, key?: string) {
    return counterCommand(actor, counterId, 'call', key, { ticketId, reason }, async (ctx: Ctx) => {
      const { tx, now, emit, hall, counter } = ctx;
      requireOpenAndFree(ctx);
      const day = localTime(now, hall.timeZone).day;
      const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
      if (!ticket || ticket.hallId !== hall.id) refuse('NOT_FOUND', 'Ticket not found');
      transition(ticket, 'call');
      if (ticket.day !== day) refuse('CONFLICT', 'The ticket is not from today');
      const serviceIds = await servicesOfCounter(tx, counter.id);
      const mine = ticket.targetCounterId
        ? ticket.targetCounterId === counter.id
        : serviceIds.includes(ticket.serviceId);
      if (!mine) refuse('CONFLICT', 'This counter does not serve that ticket');
      // Where the policy would have put this ticket, so the ledger shows who was passed over.
      const [all, policy] = await Promise.all([waitingForCounter(tx, counter.id, serviceIds, day), hallPolicy(tx, hall)]);
      const ordered = orderQueue(all, policy, now, counter.normalSincePriority);
      const skipped = ordered.findIndex((o) => o.entry.id === ticket.id);
      const called = await markCalled(tx, ticket, actor, counter, now);
      await enqueueCalledSms(tx, hall, called, counter, now);
      await enqueueNearlyAhead(tx, hall, called.serviceId, called.day, now);
      emit({
        type: 'ticket.called',
        ticketId: called.id,
        counterId: counter.id,
        data: calledData(called, counter, { outOfTurn: true, reason, skipped: Math.max(0, skipped) }),
      });
      queueChanged(emit, called.serviceId);
      return { ticket: await view(tx, called) };
    });
  }

  const recall = onActive(counterCommand, 'recall', 'recall', async ({ tx, emit, counter }, ticket) => {
    const row = await update(tx, ticket.id, { recallCount: ticket.recallCount + 1 });
    emit({
      type: 'ticket.recalled',
      ticketId: row.id,
      counterId: counter.id,
      data: calledData(row, counter, { recallCount: row.recallCount }),
    });
    return row;
  });

  /** A parked ticket comes back to the counter that parked it, by being called again. */
  function returnParked(actor: StaffActor, counterId: string, ticketId: string, key?: string) {
    return counterCommand(actor, counterId, 'return', key, { ticketId }, async (ctx: Ctx) => {
      const { tx, now, emit, counter } = ctx;
      requireOpenAndFree(ctx);
      const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
      if (!ticket || ticket.counterId !== counter.id) refuse('NOT_FOUND', 'No such ticket is parked at this counter');
      transition(ticket, 'return');
      await requireNoPendingRefusal(tx, ticket);
      // Called again, the citizen is not being served until the clerk starts anew (start sets
      // startedAt then): a kept startedAt would run the service clock while they walk back.
      const row = await update(tx, ticket.id, { status: 'called', calledAt: now, startedAt: null, staffId: actor.id });
      emit({
        type: 'ticket.called',
        ticketId: row.id,
        counterId: counter.id,
        data: calledData(row, counter, { returned: true }),
      });
      return { ticket: await view(tx, row) };
    });
  }

  return { callNext, callChosen, recall, returnParked };
}
