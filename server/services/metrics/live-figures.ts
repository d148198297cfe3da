import type { LiveMetrics } from '../../contracts/leader-live';
import { type CounterStatus, counterActivity, counterLoad } from '../../domain/counter-load';
import { localTime } from '../../domain/hall-time';
import { countsAsServed } from '../../domain/visit-outcome';
import type { DayTicket, DayWindow, HallDay } from './live-data';

/** Figures from today's rows, no I/O: the parts of LiveMetrics that are plain arithmetic. */

const minutesOf = (ms: number) => ms / 60_000;
export const round1 = (n: number) => Math.round(n * 10) / 10;

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : round1(values.reduce((a, b) => a + b, 0) / values.length);
}

/** The nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round1(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0);
}

const activeStatuses = new Set(['called', 'serving']);

/**
 * Wait: from taking the number (the place in the queue) to the first call, over the
 * visits' first tickets called today — a transferred visit's second queue is not a new
 * wait. Handling: start → finish of today's completed tickets.
 */
export function waitAndHandling(rows: readonly DayTicket[]): Pick<LiveMetrics, 'waits' | 'handling'> {
  const waits = rows
    .filter((t) => t.parentTicketId === null && t.calledAt)
    .map((t) => Math.max(0, minutesOf((t.calledAt?.getTime() ?? 0) - t.queuedAt.getTime())));
  const handled = rows
    .filter((t) => t.status === 'completed' && t.startedAt && t.finishedAt)
    .map((t) => minutesOf((t.finishedAt?.getTime() ?? 0) - (t.startedAt?.getTime() ?? 0)));
  return {
    waits: { called: waits.length, averageMinutes: average(waits), p90Minutes: percentile(waits, 0.9) },
    handling: { completed: handled.length, averageMinutes: average(handled) },
  };
}

/** Issued (new numbers, not transfers) and served per hall-local hour, over at least 8:00–18:00. */
export function throughput(rows: readonly DayTicket[], timeZone: string, now: Date): LiveMetrics['throughput'] {
  const issued = new Map<number, number>();
  const served = new Map<number, number>();
  const hourOf = (at: Date) => Math.floor(localTime(at, timeZone).minutes / 60);
  for (const t of rows) {
    if (t.seq !== null) issued.set(hourOf(t.issuedAt), (issued.get(hourOf(t.issuedAt)) ?? 0) + 1);
    if (countsAsServed(t) && t.finishedAt) served.set(hourOf(t.finishedAt), (served.get(hourOf(t.finishedAt)) ?? 0) + 1);
  }
  const hours = [...issued.keys(), ...served.keys(), hourOf(now)];
  const from = Math.min(8, ...hours);
  const to = Math.max(18, ...hours);
  const out: LiveMetrics['throughput'] = [];
  for (let hour = from; hour <= to; hour++) out.push({ hour, issued: issued.get(hour) ?? 0, served: served.get(hour) ?? 0 });
  return out;
}

/** Waiting now per service with the estimate a newcomer would be given (as on the hall's pages). */
export function serviceFigures(
  data: HallDay,
  hallTargetMinutes: number,
  waitOf: (serviceId: string) => { low: number; high: number; expected: number },
): LiveMetrics['services'] {
  return data.services.map((s) => {
    const mine = data.tickets.filter((t) => t.serviceId === s.id);
    const waiting = mine.filter((t) => t.status === 'waiting').length;
    // The hall's forward play (services/hall-forecasts): the same figure the citizens are shown.
    const eta = waitOf(s.id);
    const estimatedMinutes = waiting === 0 ? 0 : round1(eta.expected);
    const targetMinutes = s.waitTargetMinutes ?? hallTargetMinutes;
    return {
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      waiting,
      etaMinutes: { low: eta.low, high: eta.high },
      estimatedMinutes,
      overTarget: waiting > 0 && estimatedMinutes > targetMinutes,
      targetMinutes,
    };
  });
}

/** Each counter's state now (with since when), its utilisation today and what it served. */
export function counterFigures(data: HallDay, w: DayWindow): Array<LiveMetrics['counters'][number] & { serviceIds: string[] }> {
  const called = data.tickets.filter((t): t is DayTicket & { calledAt: Date } => t.calledAt !== null);
  const servingSince = called.reduce<Date | null>((min, t) => (!min || t.calledAt < min ? t.calledAt : min), null);
  return data.counters.map((c) => {
    const mine = called.filter((t) => t.counterId === c.id);
    const active = mine.find((t) => activeStatuses.has(t.status));
    const lastFinishedAt = mine.reduce<Date | null>((max, t) => (t.finishedAt && (!max || t.finishedAt > max) ? t.finishedAt : max), null);
    const changes = data.events
      .filter((e) => e.type === 'counter.updated' && e.counterId === c.id && typeof e.data.status === 'string')
      .map((e) => ({ at: e.at, status: e.data.status as CounterStatus }));
    const load = counterLoad({
      dayStart: w.start,
      servingSince,
      now: w.now,
      status: c.status,
      statusSince: c.statusSince,
      changes,
      busy: mine
        .filter((t) => t.finishedAt || activeStatuses.has(t.status))
        .map((t) => ({ from: t.calledAt, to: t.finishedAt })),
    });
    const { activity, since } = counterActivity({
      status: c.status,
      statusSince: c.statusSince,
      activeSince: active?.calledAt ?? null,
      lastFinishedAt,
    });
    return {
      id: c.id,
      number: c.number,
      name: c.name,
      kind: c.kind,
      activity,
      since: since.toISOString(),
      pauseReason: c.status === 'paused' ? c.pauseReason : null,
      serving: active ? { number: active.number } : null,
      utilisation: load.utilisation === null ? null : Math.round(load.utilisation * 1000) / 1000,
      busyMinutes: round1(minutesOf(load.busyMs)),
      served: mine.filter(countsAsServed).length,
      serviceIds: data.links.filter((l) => l.counterId === c.id).map((l) => l.serviceId),
    };
  });
}
