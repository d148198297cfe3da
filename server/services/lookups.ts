import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { counterServices, counters, halls, type services, tickets } from '../../db/schema';
import type { QueueEntry, QueuePolicy, PriorityClass } from '../domain/ordering';
import { type WaitEstimate, type WaitInput, estimateWait, isLongCase, usualServiceMinutes } from '../domain/wait-estimate';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type HallRow = typeof halls.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type CounterRow = typeof counters.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;

/** A hall is addressed by its slug or its id. */
export async function findHall(db: DbOrTx, ref: string): Promise<HallRow | undefined> {
  const where = uuidPattern.test(ref) ? or(eq(halls.id, ref), eq(halls.slug, ref)) : eq(halls.slug, ref);
  const [row] = await db.select().from(halls).where(where).limit(1);
  return row;
}

export function policyOf(hall: HallRow): QueuePolicy {
  return { interleave: hall.settings.priorityInterleave, agingMinutes: hall.settings.agingMinutes };
}

export interface WaitingEntry extends QueueEntry {
  number: string;
  serviceId: string;
  targetCounterId: string | null;
}

const waitingColumns = {
  id: tickets.id,
  number: tickets.number,
  serviceId: tickets.serviceId,
  priorityClass: tickets.priorityClass,
  queuedAt: tickets.queuedAt,
  targetCounterId: tickets.targetCounterId,
};

function asEntries(rows: Array<Omit<WaitingEntry, 'priorityClass'> & { priorityClass: string }>): WaitingEntry[] {
  return rows.map((r) => ({ ...r, priorityClass: r.priorityClass as PriorityClass }));
}

/** The waiting tickets of one service today (those transferred to one counter included). */
export async function waitingOfService(db: DbOrTx, serviceId: string, day: string): Promise<WaitingEntry[]> {
  const rows = await db
    .select(waitingColumns)
    .from(tickets)
    .where(and(eq(tickets.serviceId, serviceId), eq(tickets.day, day), eq(tickets.status, 'waiting')));
  return asEntries(rows);
}

function counterQueueFilter(counterId: string, serviceIds: string[], day: string) {
  const ofServices =
    serviceIds.length > 0 ? and(inArray(tickets.serviceId, serviceIds), isNull(tickets.targetCounterId)) : sql`false`;
  return and(
    eq(tickets.status, 'waiting'),
    eq(tickets.day, day),
    or(ofServices, and(isNotNull(tickets.targetCounterId), eq(tickets.targetCounterId, counterId))),
  );
}

/** The policy's order within a lane (see `byQueue` in domain/ordering): queue time, number, id. */
const laneOrder = [
  asc(tickets.queuedAt),
  asc(sql`length(${tickets.number})`),
  asc(sql`${tickets.number} collate "C"`),
  asc(tickets.id),
];

/** Everything a counter may call today: its services' queues and tickets sent to it. */
export async function waitingForCounter(
  db: DbOrTx,
  counterId: string,
  serviceIds: string[],
  day: string,
  limitPerLane?: number,
): Promise<WaitingEntry[]> {
  const where = counterQueueFilter(counterId, serviceIds, day);
  if (limitPerLane === undefined) return asEntries(await db.select(waitingColumns).from(tickets).where(where));
  // The policy only ever takes from the heads of the lanes (both sorted as the policy
  // sorts them), so the first picks are exact with the oldest few of each lane.
  const [normal, priority] = await Promise.all([
    db
      .select(waitingColumns)
      .from(tickets)
      .where(and(where, eq(tickets.priorityClass, 'normal')))
      .orderBy(...laneOrder)
      .limit(limitPerLane),
    db
      .select(waitingColumns)
      .from(tickets)
      .where(and(where, sql`${tickets.priorityClass} <> 'normal'`))
      .orderBy(...laneOrder)
      .limit(limitPerLane),
  ]);
  return asEntries([...normal, ...priority]);
}

export async function servicesOfCounter(db: DbOrTx, counterId: string): Promise<string[]> {
  const rows = await db
    .select({ serviceId: counterServices.serviceId })
    .from(counterServices)
    .where(eq(counterServices.counterId, counterId));
  return rows.map((r) => r.serviceId);
}

/**
 * Inputs of the wait estimate for one service: counters open for it (and paused), recent
 * service times, and — given `now` — the cases in service at its counters that already run long.
 */
export async function waitInputsForService(
  db: DbOrTx,
  service: ServiceRow,
  day: string,
  now?: Date,
): Promise<Omit<WaitInput, 'ahead'>> {
  const [counterRows, recent] = await Promise.all([
    db
      .select({ status: counters.status, servingSince: tickets.startedAt })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .leftJoin(tickets, and(eq(tickets.counterId, counters.id), eq(tickets.status, 'serving')))
      .where(eq(counterServices.serviceId, service.id)),
    db
      .select({ startedAt: tickets.startedAt, finishedAt: tickets.finishedAt })
      .from(tickets)
      .where(and(eq(tickets.serviceId, service.id), eq(tickets.day, day), eq(tickets.status, 'completed')))
      .orderBy(desc(tickets.finishedAt))
      .limit(20),
  ]);
  const recentServiceMinutes = recent
    .filter((r) => r.startedAt && r.finishedAt)
    .map((r) => ((r.finishedAt?.getTime() ?? 0) - (r.startedAt?.getTime() ?? 0)) / 60_000);
  const usual = usualServiceMinutes(recentServiceMinutes, service.typicalServiceMinutes);
  const open = counterRows.filter((c) => c.status === 'open');
  return {
    openCounters: open.length,
    totalCounters: counterRows.length,
    pausedCounters: counterRows.filter((c) => c.status === 'paused').length,
    longCases: now
      ? open.filter((c) => c.servingSince && isLongCase((now.getTime() - c.servingSince.getTime()) / 60_000, usual)).length
      : 0,
    recentServiceMinutes,
    typicalServiceMinutes: service.typicalServiceMinutes,
  };
}

export async function estimateForService(
  db: DbOrTx,
  service: ServiceRow,
  ahead: number,
  day: string,
  now?: Date,
): Promise<WaitEstimate> {
  return estimateWait({ ...(await waitInputsForService(db, service, day, now)), ahead });
}

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
