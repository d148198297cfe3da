import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { counters, halls, refusals, services, tickets } from '../../db/schema';
import type { TransferBody } from '../contracts/api';
import { localTime } from '../domain/hall-time';
import { nextNormalSincePriority, orderQueue } from '../domain/ordering';
import { type TicketAction, type TicketStatus, nextStatus } from '../domain/ticket-state';
import { type StaffActor, actorId } from './actors';
import { fileCase } from './cases';
import type { CommandContext, RunCommand } from './command';
import type { NewEvent } from './events';
import { type CounterRow, type HallRow, type TicketRow, policyOf, servicesOfCounter, waitingForCounter } from './lookups';
import { type Result, fail, refuse } from './result';
import { type StaffTicketView, counterViewOf, toStaffTicket } from './staff-views';

export interface CounterCommandDeps {
  runCommand: RunCommand;
}

interface Locked {
  hall: HallRow;
  counter: CounterRow;
  active: TicketRow | undefined;
}

/** Heads of each lane read per call: enough for the policy's pick and for skipped locks. */
const candidatesPerLane = 32;

function calledData(ticket: TicketRow, counter: CounterRow, extra: Record<string, unknown> = {}) {
  return {
    ticketId: ticket.id,
    number: ticket.number,
    counterNumber: counter.number,
    counterId: counter.id,
    serviceId: ticket.serviceId,
    ...extra,
  };
}

function counterData(counter: CounterRow) {
  return {
    counterId: counter.id,
    number: counter.number,
    status: counter.status,
    pauseReason: counter.pauseReason,
  };
}

export function createCounterCommands({ runCommand }: CounterCommandDeps) {
  /**
   * Every counter command starts by locking the counter row: two clicks, two tabs or
   * a retry on the same counter run one after the other, never interleaved.
   */
  async function lockCounter(tx: Tx, counterId: string): Promise<Locked> {
    const [counter] = await tx.select().from(counters).where(eq(counters.id, counterId)).for('update');
    if (!counter) refuse('NOT_FOUND', 'Counter not found');
    const [hall] = await tx.select().from(halls).where(eq(halls.id, counter.hallId));
    if (!hall) refuse('NOT_FOUND', 'Hall not found');
    const [active] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving'])));
    return { hall, counter, active };
  }

  function transition(ticket: TicketRow, action: TicketAction): TicketStatus {
    const to = nextStatus(ticket.status as TicketStatus, action);
    if (!to) refuse('CONFLICT', `Ticket ${ticket.number} is ${ticket.status}; it cannot ${action.replace('_', '-')}`);
    return to;
  }

  /** Authorises, then runs one counter command in one transaction. */
  async function counterCommand<T>(
    actor: StaffActor,
    counterId: string,
    op: string,
    idempotencyKey: string | undefined,
    request: unknown,
    body: (ctx: CommandContext & Locked) => Promise<T>,
  ): Promise<Result<T>> {
    if (actor.role !== 'staff' || actor.counterId !== counterId) {
      return fail('FORBIDDEN', 'Staff may only act for their own counter');
    }
    return runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey, request: { op, counterId, request } },
      async (ctx) => {
        const locked = await lockCounter(ctx.tx, counterId);
        if (locked.counter.hallId !== actor.hallId) refuse('FORBIDDEN', 'Staff may only act in their own hall');
        return body({ ...ctx, ...locked });
      },
    );
  }

  async function serviceName(tx: Tx, serviceId: string): Promise<string> {
    const [row] = await tx.select({ name: services.name }).from(services).where(eq(services.id, serviceId));
    return row?.name ?? '';
  }

  async function view(tx: Tx, ticket: TicketRow | undefined): Promise<StaffTicketView | null> {
    return ticket ? toStaffTicket(ticket, await serviceName(tx, ticket.serviceId)) : null;
  }

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

  function requireOpenAndFree({ counter, active }: Locked) {
    if (counter.status !== 'open') refuse('CONFLICT', 'The counter is not open; open or resume it first');
    if (active) refuse('CONFLICT', `Ticket ${active.number} is still ${active.status} at this counter; finish it first`);
  }

  /** 否定报备: the ticket waits, parked, for the leader's decision; the counter cannot take it back meanwhile. */
  async function requireNoPendingRefusal(tx: Tx, ticket: TicketRow) {
    const [pending] = await tx
      .select({ id: refusals.id })
      .from(refusals)
      .where(and(eq(refusals.ticketId, ticket.id), eq(refusals.status, 'pending')))
      .limit(1);
    if (pending) refuse('CONFLICT', `Ticket ${ticket.number} is waiting for the duty leader's decision on its refusal`);
  }

  type Ctx = CommandContext & Locked;
  type Emit = (e: NewEvent) => void;

  function queueChanged(emit: Emit, serviceId: string) {
    emit({ type: 'queue.changed', data: { serviceId } });
  }

  async function callNext(actor: StaffActor, counterId: string, key?: string) {
    return counterCommand(actor, counterId, 'call-next', key, null, async (ctx: Ctx) => {
      const { tx, now, emit, hall, counter } = ctx;
      requireOpenAndFree(ctx);
      const day = localTime(now, hall.timeZone).day;
      const serviceIds = await servicesOfCounter(tx, counter.id);
      const candidates = await waitingForCounter(tx, counter.id, serviceIds, day, candidatesPerLane);
      const ordered = orderQueue(candidates, policyOf(hall), now, counter.normalSincePriority);
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
      const all = await waitingForCounter(tx, counter.id, serviceIds, day);
      const ordered = orderQueue(all, policyOf(hall), now, counter.normalSincePriority);
      const skipped = ordered.findIndex((o) => o.entry.id === ticket.id);
      const called = await markCalled(tx, ticket, actor, counter, now);
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

  /** Commands on the counter's current ticket. */
  function onActive(
    op: string,
    action: TicketAction,
    apply: (ctx: Ctx, ticket: TicketRow, to: TicketStatus) => Promise<TicketRow>,
  ) {
    return (actor: StaffActor, counterId: string, key?: string, request: unknown = null) =>
      counterCommand(actor, counterId, op, key, request, async (ctx: Ctx) => {
        if (!ctx.active) refuse('CONFLICT', 'No ticket is called or in service at this counter');
        const to = transition(ctx.active, action);
        const updated = await apply(ctx, ctx.active, to);
        return { ticket: await view(ctx.tx, updated) };
      });
  }

  async function update(tx: Tx, id: string, values: Partial<typeof tickets.$inferInsert>): Promise<TicketRow> {
    const [row] = await tx
      .update(tickets)
      .set({ ...values, version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, id))
      .returning();
    if (!row) throw new Error('ticket vanished');
    return row;
  }

  const recall = onActive('recall', 'recall', async ({ tx, emit, counter }, ticket) => {
    const row = await update(tx, ticket.id, { recallCount: ticket.recallCount + 1 });
    emit({
      type: 'ticket.recalled',
      ticketId: row.id,
      counterId: counter.id,
      data: calledData(row, counter, { recallCount: row.recallCount }),
    });
    return row;
  });

  const start = onActive('start', 'start', async ({ tx, now, emit, counter }, ticket, to) => {
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
    return onActive('complete', 'complete', async ({ tx, now, emit, counter }, ticket, to) => {
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

  async function markNoShow({ tx, now, emit, counter }: Ctx, ticket: TicketRow, to: TicketStatus) {
    const row = await update(tx, ticket.id, { status: to, finishedAt: now });
    emit({ type: 'ticket.no_show', ticketId: row.id, counterId: counter.id, data: calledData(row, counter) });
    return row;
  }
  const noShowActive = onActive('no-show', 'no_show', markNoShow);

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

  const park = onActive('park', 'park', async ({ tx, emit, counter }, ticket, to) => {
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

  /** A parked ticket comes back to the counter that parked it, by being called again. */
  function returnParked(actor: StaffActor, counterId: string, ticketId: string, key?: string) {
    return counterCommand(actor, counterId, 'return', key, { ticketId }, async (ctx: Ctx) => {
      const { tx, now, emit, counter } = ctx;
      requireOpenAndFree(ctx);
      const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
      if (!ticket || ticket.counterId !== counter.id) refuse('NOT_FOUND', 'No such ticket is parked at this counter');
      transition(ticket, 'return');
      await requireNoPendingRefusal(tx, ticket);
      const row = await update(tx, ticket.id, { status: 'called', calledAt: now, staffId: actor.id });
      emit({
        type: 'ticket.called',
        ticketId: row.id,
        counterId: counter.id,
        data: calledData(row, counter, { returned: true }),
      });
      return { ticket: await view(tx, row) };
    });
  }

  type CounterChange = (ctx: Ctx) => Partial<typeof counters.$inferInsert>;

  function counterStatusCommand(op: string, allowedFrom: readonly string[], change: CounterChange) {
    return (actor: StaffActor, counterId: string, key?: string, request: unknown = null) =>
      counterCommand(actor, counterId, op, key, request, async (ctx: Ctx) => {
        const { tx, now, emit, counter } = ctx;
        if (!allowedFrom.includes(counter.status)) refuse('CONFLICT', `The counter is ${counter.status}; it cannot ${op}`);
        const [row] = await tx
          .update(counters)
          .set({ ...change(ctx), statusSince: now })
          .where(eq(counters.id, counter.id))
          .returning();
        if (!row) throw new Error('counter vanished');
        emit({ type: 'counter.updated', counterId: row.id, data: counterData(row) });
        const view = await counterViewOf(tx, row.id);
        if (!view) throw new Error('counter vanished');
        return { counter: view };
      });
  }

  const open = counterStatusCommand('open', ['closed'], () => ({ status: 'open', pauseReason: null }));
  const resume = counterStatusCommand('resume', ['paused'], () => ({ status: 'open', pauseReason: null }));
  const closeCounter = counterStatusCommand('close', ['open', 'paused'], ({ active }) => {
    if (active) refuse('CONFLICT', `Ticket ${active.number} is still ${active.status}; finish it before closing`);
    return { status: 'closed', pauseReason: null };
  });
  function pause(actor: StaffActor, counterId: string, reason: string, key?: string) {
    return counterStatusCommand('pause', ['open'], () => ({ status: 'paused', pauseReason: reason }))(
      actor,
      counterId,
      key,
      { reason },
    );
  }

  return {
    callNext,
    callChosen,
    recall,
    start,
    complete,
    noShow,
    park,
    returnParked,
    transfer,
    open,
    pause,
    resume,
    close: closeCounter,
  };
}

export type CounterCommands = ReturnType<typeof createCounterCommands>;
