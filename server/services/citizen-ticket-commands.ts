import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type HallSettings, halls, services, settingsOf, tickets } from '../../db/schema';
import type { TicketView } from '../contracts/api';
import type { CitizenMoves } from '../contracts/citizen-ticket';
import { delayPlaces, planDelay, rejoinQueuedAt, rejoinWindow } from '../domain/citizen-moves';
import { localTime } from '../domain/hall-time';
import { type QueueEntry, type QueuePolicy, orderQueue } from '../domain/ordering';
import { type TicketStatus, nextStatus } from '../domain/ticket-state';
import { type WaitInput, usualServiceMinutes } from '../domain/wait-estimate';
import type { CommandContext, RunCommand } from './command';
import { type HallRow, type TicketRow, policyOf, servicesOfCounter, waitInputsForService, waitingOfService } from './lookups';
import { enqueueNearlyAhead } from './outbox/citizen-messages';
import { type Result, fail, ok, refuse } from './result';

export interface CitizenMovesInput {
  settings: HallSettings;
  /** The latest ticket of the visit. */
  ticket: Pick<TicketRow, 'id' | 'status' | 'delayCount' | 'rejoinCount' | 'finishedAt' | 'calledAt'>;
  now: Date;
  /** While it waits: its service's waiting tickets, the estimate's inputs and the hall's policy. */
  queue: { waiting: readonly QueueEntry[]; inputs: Omit<WaitInput, 'ahead'>; policy: QueuePolicy } | null;
}

function placesFor(settings: HallSettings, inputs: Omit<WaitInput, 'ahead'>): number {
  return delayPlaces({
    minutes: settings.delayMinutes,
    serviceMinutes: usualServiceMinutes(inputs.recentServiceMinutes, inputs.typicalServiceMinutes),
    openCounters: inputs.openCounters,
    maxPlaces: settings.delayMaxPlaces,
  });
}

/**
 * What the ticket page offers now; "more time" shows the exact move the command would make
 * at this moment. The allowances count per ticket (`delay_count`, `rejoin_count`): a
 * transfer starts a new wait in another queue, with its own.
 */
export function citizenMovesOf({ settings, ticket, now, queue }: CitizenMovesInput): CitizenMoves {
  let moreTime: CitizenMoves['moreTime'] = null;
  if (ticket.status === 'waiting') {
    const used = ticket.delayCount >= settings.delayLimit;
    const plan = queue ? planDelay(queue.waiting, ticket.id, placesFor(settings, queue.inputs), queue.policy, now) : null;
    const places = plan ? plan.to - plan.from : 0;
    const order = queue ? orderQueue(queue.waiting, queue.policy, now) : [];
    const index = order.findIndex((o) => o.entry.id === ticket.id);
    const behind = index < 0 ? 0 : order.length - index - 1;
    moreTime = { available: !used && places > 0, places, minutes: settings.delayMinutes, used, behind, maxPlaces: settings.delayMaxPlaces };
  }
  let rejoin: CitizenMoves['rejoin'] = null;
  if (ticket.status === 'no_show') {
    const window = rejoinWindow(ticket.finishedAt ?? ticket.calledAt ?? now, settings.rejoinMinutes, now);
    const used = ticket.rejoinCount >= settings.rejoinLimit;
    rejoin = { available: !used && !window.expired, minutes: settings.rejoinMinutes, until: window.until.toISOString(), expired: window.expired, used };
  }
  return { nearlyAhead: settings.nearlyAhead, moreTime, rejoin };
}

export interface CitizenTicketDeps {
  db: Db;
  runCommand: RunCommand;
  resolveVisit: (token: string) => Promise<{ root: TicketRow; latest: TicketRow } | undefined>;
  view: (token: string) => Promise<Result<TicketView>>;
}

/** The citizen's own commands on their ticket: "more time" and "rejoin" (cancel and rating live in tickets.ts). */
export function createCitizenTicketCommands({ db, runCommand, resolveVisit, view }: CitizenTicketDeps) {
  async function lockLatest(token: string, op: string, idempotencyKey: string | undefined) {
    const visit = await resolveVisit(token);
    if (!visit) return null;
    return {
      visit,
      run: <T>(body: (ctx: CommandContext, locked: TicketRow, hall: HallRow) => Promise<T>) =>
        runCommand<T>(
          { actor: `citizen:${visit.root.id}`, hallId: visit.latest.hallId, idempotencyKey, request: { op, token } },
          async (ctx) => {
            // Locked first: a counter's call of this ticket waits for us (or we for it), and
            // the status read below is the one the change applies to.
            const [locked] = await ctx.tx.select().from(tickets).where(eq(tickets.id, visit.latest.id)).for('update');
            if (!locked) refuse('NOT_FOUND', 'Ticket not found');
            const [hall] = await ctx.tx.select().from(halls).where(eq(halls.id, locked.hallId));
            if (!hall) refuse('NOT_FOUND', 'Hall not found');
            return body(ctx, locked, hall);
          },
        ),
    };
  }

  /**
   * "我需要再等 5 分钟": the waiting ticket moves back by the places worth the hall's
   * `delayMinutes` of service (capped by `delayMaxPlaces`), `delayLimit` times per ticket.
   */
  async function delay(token: string, idempotencyKey?: string): Promise<Result<{ ticket: TicketView; delay: { from: number; to: number } }>> {
    const command = await lockLatest(token, 'delay', idempotencyKey);
    if (!command) return fail('NOT_FOUND', 'Ticket not found');
    const moved = await command.run(async ({ tx, now, emit }, locked, hall) => {
      const settings = settingsOf(hall);
      if (locked.status !== 'waiting') refuse('CONFLICT', `Ticket ${locked.number} is ${locked.status}; only a waiting ticket can ask for more time`);
      if (locked.delayCount >= settings.delayLimit) refuse('CONFLICT', `Ticket ${locked.number} has already asked for more time`);
      const [service] = await tx.select().from(services).where(eq(services.id, locked.serviceId));
      if (!service) refuse('NOT_FOUND', 'Ticket not found');
      const [waiting, inputs] = await Promise.all([
        waitingOfService(tx, service.id, locked.day),
        waitInputsForService(tx, service, locked.day, now),
      ]);
      const plan = planDelay(waiting, locked.id, placesFor(settings, inputs), policyOf(hall, [service]), now);
      if (!plan) refuse('CONFLICT', `Nobody waiting behind ticket ${locked.number} would be called before it; it keeps its place`);
      await tx
        .update(tickets)
        .set({ queuedAt: plan.queuedAt, delayCount: sql`${tickets.delayCount} + 1`, version: sql`${tickets.version} + 1` })
        .where(eq(tickets.id, locked.id));
      // Those it let pass moved up one place each: one of them may now be N ahead.
      await enqueueNearlyAhead(tx, hall, locked.serviceId, locked.day, now);
      emit({
        type: 'ticket.delayed',
        ticketId: locked.id,
        data: { ticketId: locked.id, number: locked.number, serviceId: locked.serviceId, from: plan.from, to: plan.to },
      });
      emit({ type: 'queue.changed', data: { serviceId: locked.serviceId } });
      return { from: plan.from, to: plan.to };
    });
    if (!moved.ok) return moved;
    const fresh = await view(token);
    return fresh.ok ? ok({ ticket: fresh.data, delay: moved.data }) : fresh;
  }

  /**
   * "重新排队": a no-show takes a place again, at the end of the queue (domain/citizen-moves
   * says why), within the hall's `rejoinMinutes` of being marked missed, `rejoinLimit` times.
   */
  async function rejoin(token: string, idempotencyKey?: string): Promise<Result<{ ticket: TicketView }>> {
    const command = await lockLatest(token, 'rejoin', idempotencyKey);
    if (!command) return fail('NOT_FOUND', 'Ticket not found');
    const done = await command.run(async ({ tx, now, emit }, locked, hall) => {
      const settings = settingsOf(hall);
      const to = nextStatus(locked.status as TicketStatus, 'rejoin');
      if (!to) refuse('CONFLICT', `Ticket ${locked.number} is ${locked.status}; only a missed (no-show) ticket can rejoin`);
      if (locked.rejoinCount >= settings.rejoinLimit) {
        refuse('CONFLICT', `Ticket ${locked.number} has already rejoined the queue once; please take a new number`);
      }
      const window = rejoinWindow(locked.finishedAt ?? locked.calledAt ?? now, settings.rejoinMinutes, now);
      if (window.expired || localTime(now, hall.timeZone).day !== locked.day) {
        refuse('CONFLICT', `The ${settings.rejoinMinutes} minutes to rejoin after a missed call have passed; please take a new number`);
      }
      await tx
        .update(tickets)
        .set({
          status: to,
          queuedAt: rejoinQueuedAt(now),
          counterId: null,
          staffId: null,
          calledAt: null,
          startedAt: null,
          finishedAt: null,
          rejoinCount: sql`${tickets.rejoinCount} + 1`,
          version: sql`${tickets.version} + 1`,
        })
        .where(eq(tickets.id, locked.id));
      emit({
        type: 'ticket.rejoined',
        ticketId: locked.id,
        data: { ticketId: locked.id, number: locked.number, serviceId: locked.serviceId },
      });
      emit({ type: 'queue.changed', data: { serviceId: locked.serviceId } });
      return null;
    });
    if (!done.ok) return done;
    const fresh = await view(token);
    return fresh.ok ? ok({ ticket: fresh.data }) : fresh;
  }

  /** The services a counter serves: the relay re-sends their queues when the counter pauses or opens. */
  const servicesOf = (counterId: string) => servicesOfCounter(db, counterId);

  return { delay, rejoin, servicesOf };
}

export type CitizenTicketCommands = ReturnType<typeof createCitizenTicketCommands>;
