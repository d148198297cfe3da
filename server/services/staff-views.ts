import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { counters, services, settingsOf, tickets } from '../../db/schema';
import type { CounterState, CounterView, StaffTicket } from '../contracts/api';
import { localTime } from '../domain/hall-time';
import { startOfLocalDay } from '../domain/local-day';
import { counterRefusalsSince, visitSteps } from './counter-refusals';
import { maskPhone } from '../domain/masking';
import { orderQueue } from '../domain/ordering';
import { type CounterRow, type TicketRow, findHall, hallPolicy, iso, servicesOfCounter, waitingForCounter } from './lookups';

export type StaffTicketView = StaffTicket;

export function toStaffTicket(ticket: TicketRow, serviceName: string): StaffTicket {
  return {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName,
    status: ticket.status as StaffTicket['status'],
    priorityClass: ticket.priorityClass as StaffTicket['priorityClass'],
    channel: ticket.channel as StaffTicket['channel'],
    queuedAt: ticket.queuedAt.toISOString(),
    issuedAt: ticket.issuedAt.toISOString(),
    calledAt: iso(ticket.calledAt),
    startedAt: iso(ticket.startedAt),
    recallCount: ticket.recallCount,
    counterId: ticket.counterId,
    phoneMasked: ticket.phone ? maskPhone(ticket.phone) : null,
    transferred: ticket.parentTicketId !== null,
    note: ticket.note,
  };
}

export function toCounterView(
  counter: CounterRow,
  serviceIds: string[],
  serving: { number: string; status: string } | null,
): CounterView {
  return {
    id: counter.id,
    number: counter.number,
    name: counter.name,
    kind: counter.kind,
    status: counter.status,
    pauseReason: counter.pauseReason,
    serviceIds,
    serving: serving ? { number: serving.number, status: serving.status as 'called' | 'serving' } : null,
  };
}

export async function counterViewOf(db: DbOrTx, counterId: string): Promise<CounterView | null> {
  const [counter] = await db.select().from(counters).where(eq(counters.id, counterId));
  if (!counter) return null;
  const [serviceIds, [active]] = await Promise.all([
    servicesOfCounter(db, counterId),
    db
      .select({ number: tickets.number, status: tickets.status })
      .from(tickets)
      .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving']))),
  ]);
  return toCounterView(counter, serviceIds, active ?? null);
}

/** What the counter console shows: the counter, its ticket, its parked tickets and the queue in call order. */
export async function counterStateOf(db: DbOrTx, counterId: string, now: Date): Promise<CounterState | null> {
  const [counter] = await db.select().from(counters).where(eq(counters.id, counterId));
  if (!counter) return null;
  const hall = await findHall(db, counter.hallId);
  if (!hall) return null;
  const day = localTime(now, hall.timeZone).day;
  const serviceIds = await servicesOfCounter(db, counterId);
  const [mine, waiting, serviceRows, policy] = await Promise.all([
    db
      .select()
      .from(tickets)
      .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving', 'parked'])))
      .orderBy(desc(tickets.calledAt)),
    waitingForCounter(db, counterId, serviceIds, day),
    db.select({ id: services.id, name: services.name }).from(services).where(eq(services.hallId, hall.id)),
    hallPolicy(db, hall),
  ]);
  const names = new Map(serviceRows.map((s) => [s.id, s.name]));
  const active = mine.find((t) => t.status === 'called' || t.status === 'serving');
  const [timeline, refusalsToday] = await Promise.all([
    active ? visitSteps(db, active) : Promise.resolve([]),
    counterRefusalsSince(db, counterId, startOfLocalDay(day, hall.timeZone)),
  ]);
  const ordered = orderQueue(waiting, policy, now, counter.normalSincePriority);
  const settings = settingsOf(hall);
  return {
    counter: toCounterView(counter, serviceIds, active ?? null),
    current: active ? toStaffTicket(active, names.get(active.serviceId) ?? '') : null,
    parked: mine.filter((t) => t.status === 'parked').map((t) => toStaffTicket(t, names.get(t.serviceId) ?? '')),
    queue: ordered.map(({ entry, reason }) => ({
      id: entry.id,
      number: entry.number,
      serviceId: entry.serviceId,
      serviceName: names.get(entry.serviceId) ?? '',
      priorityClass: entry.priorityClass,
      queuedAt: entry.queuedAt.toISOString(),
      lane: reason,
    })),
    timeline,
    refusals: refusalsToday,
    // The same two settings that decide the citizen's 重新排队 offer (citizenMovesOf).
    rejoin: settings.rejoinMinutes > 0 && settings.rejoinLimit > 0 ? settings.rejoinMinutes : null,
  };
}
