import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { counters, services, tickets } from '../../db/schema';
import type { TransferBody } from '../contracts/api';
import type { TicketStatus } from '../domain/ticket-state';
import type { StaffActor } from './actors';
import { fileCase } from './cases';
import { type CounterCommand, type Ctx, calledData, onActive, queueChanged, requireNoPendingRefusal, transition, update, view } from './counter-command-core';
import type { CounterRow, TicketRow } from './lookups';
import { enqueueNoShow } from './outbox/citizen-messages';
import { refuse } from './result';

/** Serving the called ticket: start, complete (and file a case), no-show, park, transfer. */
export function createServingCommands(counterCommand: CounterCommand) {
  const start = onActive(counterCommand, 'start', 'start', async ({ tx, now, emit, counter }, ticket, to) => {
    const row = await update(tx, ticket.id, { status: to, startedAt: now });
    emit({ type: 'ticket.started', ticketId: row.id, counterId: counter.id, data: calledData(row, counter) });
    return row;
  });

  function complete(
    actor: StaffActor,
    counterId: string,
    body: { outcome?: string | undefined; note?: string | undefined; caseNo?: string | undefined },
    key?: string,
  ) {
    return onActive(counterCommand, 'complete', 'complete', async ({ tx, now, emit, counter }, ticket, to) => {
      const row = await update(tx, ticket.id, {
        status: to,
        finishedAt: now,
        outcome: body.outcome ?? 'handled',
        note: body.note ?? ticket.note,
      });
      emit({
        type: 'ticket.completed',
        ticketId: row.id,
        counterId: counter.id,
        data: calledData(row, counter, { outcome: row.outcome }),
      });
      if (body.caseNo) await fileCase(tx, { caseNo: body.caseNo, ticket: row, counterId: counter.id, staffId: actor.id, now, emit });
      return row;
    })(actor, counterId, key, body);
  }

  async function markNoShow({ tx, now, emit, hall, counter }: Ctx, ticket: TicketRow, to: TicketStatus) {
    const row = await update(tx, ticket.id, { status: to, finishedAt: now });
    await enqueueNoShow(tx, hall, row, now);
    emit({ type: 'ticket.no_show', ticketId: row.id, counterId: counter.id, data: calledData(row, counter) });
    return row;
  }
  const noShowActive = onActive(counterCommand, 'no-show', 'no_show', markNoShow);

  /** The called citizen did not come; with a ticket id, a parked one who never came back. */
  function noShow(actor: StaffActor, counterId: string, key?: string, body: { ticketId?: string | undefined } = {}) {
    const { ticketId } = body;
    if (!ticketId) return noShowActive(actor, counterId, key, body);
    return counterCommand(actor, counterId, 'no-show', key, body, async (ctx: Ctx) => {
      const [ticket] = await ctx.tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
      if (!ticket || ticket.counterId !== ctx.counter.id || ticket.status !== 'parked') {
        refuse('NOT_FOUND', 'No such ticket is parked at this counter');
      }
      await requireNoPendingRefusal(ctx.tx, ticket);
      const row = await markNoShow(ctx, ticket, transition(ticket, 'no_show'));
      return { ticket: await view(ctx.tx, row) };
    });
  }

  const park = onActive(counterCommand, 'park', 'park', async ({ tx, emit, counter }, ticket, to) => {
    const row = await update(tx, ticket.id, { status: to });
    emit({ type: 'ticket.parked', ticketId: row.id, counterId: counter.id, data: calledData(row, counter) });
    return row;
  });

  /**
   * The ticket leaves this counter and waits again — in another service's queue or for one
   * counter — keeping its number and its original place in the queue. The chain is kept
   * through parent and root ids, so the citizen's link follows it.
   */
  function transfer(actor: StaffActor, counterId: string, body: TransferBody, key?: string) {
    return counterCommand(actor, counterId, 'transfer', key, body, async (ctx: Ctx) => {
      const { tx, now, emit, hall, counter, active } = ctx;
      if (!active) refuse('CONFLICT', 'No ticket is called or in service at this counter');
      const to = transition(active, 'transfer');
      let serviceId = active.serviceId;
      let targetCounter: CounterRow | undefined;
      if (body.serviceId) {
        const [service] = await tx
          .select()
          .from(services)
          .where(and(eq(services.id, body.serviceId), eq(services.hallId, hall.id), eq(services.active, true)));
        if (!service) refuse('NOT_FOUND', 'Target service not found in this hall');
        serviceId = service.id;
      } else if (body.counterId) {
        [targetCounter] = await tx
          .select()
          .from(counters)
          .where(and(eq(counters.id, body.counterId), eq(counters.hallId, hall.id)));
        if (!targetCounter) refuse('NOT_FOUND', 'Target counter not found in this hall');
        if (targetCounter.id === counter.id) refuse('CONFLICT', 'A ticket cannot be transferred to its own counter');
      }
      const parent = await update(tx, active.id, { status: to, finishedAt: now, note: body.note ?? active.note });
      const childId = randomUUID();
      await tx.insert(tickets).values({
        id: childId,
        hallId: hall.id,
        serviceId,
        day: active.day,
        seq: null,
        number: active.number,
        priorityClass: active.priorityClass,
        channel: active.channel,
        status: 'waiting',
        queuedAt: active.queuedAt,
        issuedAt: now,
        targetCounterId: targetCounter?.id ?? null,
        parentTicketId: active.id,
        rootTicketId: active.rootTicketId ?? active.id,
        note: body.note ?? null,
      });
      emit({
        type: 'ticket.transferred',
        ticketId: active.id,
        counterId: counter.id,
        data: calledData(parent, counter, {
          childTicketId: childId,
          toServiceId: serviceId,
          toCounterId: targetCounter?.id ?? null,
          toCounterNumber: targetCounter?.number ?? null,
        }),
      });
      queueChanged(emit, serviceId);
      return { ticket: await view(tx, parent) };
    });
  }

  return { start, complete, noShow, park, transfer };
}
