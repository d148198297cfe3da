import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { counterServices, counters, halls, services, tickets } from '../../db/schema';
import type { PriorityClass, QueueEntry, QueuePolicy, QueueRule } from '../domain/ordering';
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

/** A service's ordering rule: its own interleave and aging where set, else the hall's. */
export function ruleOf(hall: HallRow, service: Pick<ServiceRow, 'priorityInterleave' | 'agingMinutes'>): QueueRule {
  return {
    interleave: service.priorityInterleave ?? hall.settings.priorityInterleave,
    agingMinutes: service.agingMinutes ?? hall.settings.agingMinutes,
  };
}

/** The wait a service aims at (red flags, staffing advice): its own where set, else the hall's. */
export function waitTargetOf(hall: HallRow, service: Pick<ServiceRow, 'waitTargetMinutes'>): number {
  return service.waitTargetMinutes ?? hall.settings.waitTargetMinutes;
}

type ServiceRuleColumns = Pick<ServiceRow, 'id' | 'priorityInterleave' | 'agingMinutes'>;

/**
 * The ordering policy over tickets of `serviceRows` (those of one service, or every service
 * a counter may see): the hall's rule, and the rules of the services that set their own.
 */
export function policyOf(hall: HallRow, serviceRows: readonly ServiceRuleColumns[] = []): QueuePolicy {
  const own = serviceRows.filter((s) => s.priorityInterleave !== null || s.agingMinutes !== null);
  const base = { interleave: hall.settings.priorityInterleave, agingMinutes: hall.settings.agingMinutes };
  if (own.length === 0) return base;
  return { ...base, services: Object.fromEntries(own.map((s) => [s.id, ruleOf(hall, s)])) };
}

/**
 * The policy of a counter's queue. Every service of the hall is read (a handful of rows),
 * not only the counter's, since a ticket transferred to the counter keeps its own service.
 */
export async function hallPolicy(db: DbOrTx, hall: HallRow): Promise<QueuePolicy> {
  const rows = await db
    .select({ id: services.id, priorityInterleave: services.priorityInterleave, agingMinutes: services.agingMinutes })
    .from(services)
    .where(eq(services.hallId, hall.id));
  return policyOf(hall, rows);
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
  /** Services order by rules of their own: the heads are taken per service and lane. */
  rulesPerService = false,
): Promise<WaitingEntry[]> {
  const where = counterQueueFilter(counterId, serviceIds, day);
  if (limitPerLane === undefined) return asEntries(await db.select(waitingColumns).from(tickets).where(where));
  if (rulesPerService) {
    // Within one service every ticket has the same rule, so the policy still takes from the
    // heads of each service's lanes; the hall-wide heads alone could miss a ticket that aged
    // sooner under its own service's shorter aging.
    const ranked = db
      .select({
        ...waitingColumns,
        rank: sql<number>`row_number() over (partition by ${tickets.serviceId}, ${tickets.priorityClass} = 'normal' order by ${tickets.queuedAt}, length(${tickets.number}), ${tickets.number} collate "C", ${tickets.id})`.as(
          'rank',
        ),
      })
      .from(tickets)
      .where(where)
      .as('ranked');
    const rows = await db.select().from(ranked).where(lte(ranked.rank, limitPerLane));
    return asEntries(rows.map(({ rank: _rank, ...entry }) => entry));
  }
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
