import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { counters, halls, refusals, services, tickets } from '../../db/schema';
import { type TicketAction, type TicketStatus, nextStatus } from '../domain/ticket-state';
import { type StaffActor, actorId } from './actors';
import type { CommandContext, RunCommand } from './command';
import type { NewEvent } from './events';
import type { CounterRow, HallRow, TicketRow } from './lookups';
import { type Result, fail, refuse } from './result';
import { type StaffTicketView, toStaffTicket } from './staff-views';

/**
 * What every counter command shares (counter-commands.ts puts them together): the locked
 * counter it runs on, the ticket state machine, and the small writes and reads they repeat.
 */

export interface Locked {
  hall: HallRow;
  counter: CounterRow;
  active: TicketRow | undefined;
}

export type Ctx = CommandContext & Locked;
type Emit = (e: NewEvent) => void;

export function calledData(ticket: TicketRow, counter: CounterRow, extra: Record<string, unknown> = {}) {
  return {
    ticketId: ticket.id,
    number: ticket.number,
    counterNumber: counter.number,
    counterId: counter.id,
    serviceId: ticket.serviceId,
    ...extra,
  };
}

export function queueChanged(emit: Emit, serviceId: string) {
  emit({ type: 'queue.changed', data: { serviceId } });
}

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

export function transition(ticket: TicketRow, action: TicketAction): TicketStatus {
  const to = nextStatus(ticket.status as TicketStatus, action);
  if (!to) refuse('CONFLICT', `Ticket ${ticket.number} is ${ticket.status}; it cannot ${action.replace('_', '-')}`);
  return to;
}

async function serviceName(tx: Tx, serviceId: string): Promise<string> {
  const [row] = await tx.select({ name: services.name }).from(services).where(eq(services.id, serviceId));
  return row?.name ?? '';
}

export async function view(tx: Tx, ticket: TicketRow | undefined): Promise<StaffTicketView | null> {
  return ticket ? toStaffTicket(ticket, await serviceName(tx, ticket.serviceId)) : null;
}

export async function update(tx: Tx, id: string, values: Partial<typeof tickets.$inferInsert>): Promise<TicketRow> {
  const [row] = await tx
    .update(tickets)
    .set({ ...values, version: sql`${tickets.version} + 1` })
    .where(eq(tickets.id, id))
    .returning();
  if (!row) throw new Error('ticket vanished');
  return row;
}

export function requireOpenAndFree({ counter, active }: Locked) {
  if (counter.status !== 'open') refuse('CONFLICT', 'The counter is not open; open or resume it first');
  if (active) refuse('CONFLICT', `Ticket ${active.number} is still ${active.status} at this counter; finish it first`);
}

/** 否定报备: the ticket waits, parked, for the leader's decision; the counter cannot take it back meanwhile. */
export async function requireNoPendingRefusal(tx: Tx, ticket: TicketRow) {
  const [pending] = await tx
    .select({ id: refusals.id })
    .from(refusals)
    .where(and(eq(refusals.ticketId, ticket.id), eq(refusals.status, 'pending')))
    .limit(1);
  if (pending) refuse('CONFLICT', `Ticket ${ticket.number} is waiting for the duty leader's decision on its refusal`);
}

export type CounterCommand = <T>(
  actor: StaffActor,
  counterId: string,
  op: string,
  idempotencyKey: string | undefined,
  request: unknown,
  body: (ctx: Ctx) => Promise<T>,
) => Promise<Result<T>>;

/** Authorises, then runs one counter command in one transaction. */
export function createCounterCommand(runCommand: RunCommand): CounterCommand {
  return async function counterCommand(actor, counterId, op, idempotencyKey, request, body) {
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
  };
}

/** Commands on the counter's current ticket. */
export function onActive(
  counterCommand: CounterCommand,
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
