import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { counterServices, counters, services, settingsOf, tickets } from '../../db/schema';
import { onCalendar } from '../domain/hall-calendar';
import { startOfLocalDay } from '../domain/hall-day';
import type { ForecastCounter, ForecastInput, Session } from '../domain/hall-forecast';
import { type OpeningPeriod, isOpen, localTime } from '../domain/hall-time';
import type { PriorityClass } from '../domain/ordering';
import { type HallRow, policyOf } from './lookups';

/** Recent visits per service that set its expected counter time. */
const recentPerService = 20;
/** The walk from the hall to the counter, added to the typical handling time before there is history. */
const walkUpMinutes = 1;

/** Minutes of the day in which the counter works: those in which any of its services keeps hours. */
export function sessionsOf(hoursOfServices: ReadonlyArray<readonly OpeningPeriod[]>, local: { day: string; weekday: number }, midnight: number): Session[] {
  // A service without hours of its own is always open: the counter then has no lunch.
  if (hoursOfServices.length === 0 || hoursOfServices.some((h) => h.length === 0)) return [];
  const out: Session[] = [];
  let from: number | null = null;
  for (let m = 0; m <= 1440; m += 1) {
    const open = m < 1440 && hoursOfServices.some((h) => isOpen(h, { ...local, minutes: m }));
    if (open && from === null) from = m;
    if (!open && from !== null) {
      out.push({ from: midnight + from * 60_000, to: midnight + m * 60_000 });
      from = null;
    }
  }
  return out;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export interface LoadedForecastInput extends ForecastInput {
  /** Services whose counter time is still the configured typical one (no history today). */
  coldServices: Set<string>;
}

/** Everything the forward play needs about one hall now, in five reads. */
export async function loadForecastInput(db: DbOrTx, hall: HallRow, now: Date): Promise<LoadedForecastInput> {
  const local = localTime(now, hall.timeZone);
  const day = local.day;
  const [serviceRows, counterRows, links, waiting, active, recent] = await Promise.all([
    db.select().from(services).where(eq(services.hallId, hall.id)),
    db.select().from(counters).where(eq(counters.hallId, hall.id)),
    db
      .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(eq(counters.hallId, hall.id)),
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        serviceId: tickets.serviceId,
        priorityClass: tickets.priorityClass,
        queuedAt: tickets.queuedAt,
        targetCounterId: tickets.targetCounterId,
      })
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, day), eq(tickets.status, 'waiting'))),
    db
      .select({ counterId: tickets.counterId, serviceId: tickets.serviceId, calledAt: tickets.calledAt })
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, day), inArray(tickets.status, ['called', 'serving']))),
    db
      .select({ serviceId: tickets.serviceId, calledAt: tickets.calledAt, finishedAt: tickets.finishedAt })
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, day), isNotNull(tickets.calledAt), isNotNull(tickets.finishedAt)))
      .orderBy(desc(tickets.finishedAt))
      .limit(400),
  ]);
  const today = onCalendar(local, settingsOf(hall).calendar);
  const midnight = startOfLocalDay(day, hall.timeZone).getTime();
  const hoursOf = new Map(serviceRows.map((s) => [s.id, s.openingHours]));

  const counterMinutes = new Map<string, number>();
  const coldServices = new Set<string>();
  for (const s of serviceRows) {
    const mine = recent
      .filter((r) => r.serviceId === s.id && r.calledAt && r.finishedAt)
      .slice(0, recentPerService)
      .map((r) => ((r.finishedAt?.getTime() ?? 0) - (r.calledAt?.getTime() ?? 0)) / 60_000);
    // A few visits already say more than the configured typical time; until then it is used.
    if (mine.length >= 3) counterMinutes.set(s.id, Math.max(0.5, mean(mine)));
    else {
      counterMinutes.set(s.id, s.typicalServiceMinutes + walkUpMinutes);
      coldServices.add(s.id);
    }
  }

  const forecastCounters: ForecastCounter[] = counterRows.map((c) => {
    const serviceIds = links.filter((l) => l.counterId === c.id).map((l) => l.serviceId);
    const busy = active.find((t) => t.counterId === c.id && t.calledAt);
    return {
      id: c.id,
      number: c.number,
      status: c.status === 'open' || c.status === 'paused' ? c.status : 'closed',
      serviceIds,
      normalSincePriority: c.normalSincePriority,
      busy: busy?.calledAt ? { serviceId: busy.serviceId, since: busy.calledAt.getTime() } : null,
      sessions: sessionsOf(
        serviceIds.map((id) => hoursOf.get(id) ?? []),
        today,
        midnight,
      ),
    };
  });

  return {
    now: now.getTime(),
    policy: policyOf(hall, serviceRows),
    tickets: waiting.map((t) => ({ ...t, priorityClass: t.priorityClass as PriorityClass })),
    counters: forecastCounters,
    counterMinutes,
    coldServices,
  };
}
