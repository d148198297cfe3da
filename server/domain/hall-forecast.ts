/**
 * The hall's call order played forward from now: every open (or paused) counter calls, in
 * turn, the ticket the real call-next would give it (`orderQueue` with the counter's own
 * interleave memory, at the simulated instant, so aging applies as it will), and stays busy
 * for its service's expected counter time (call → finish). The result is every waiting
 * ticket's expected call time, at once, with what moved it. A general counter (综合窗口)
 * serves the oldest ticket across all its services, so a ticket waits behind other services'
 * tickets too — the per-service estimate could not see that, nor the lunch break.
 *
 * The first `playedCalls` calls are played one by one (each a linear scan of the queue, kept
 * in queue order once); past them the rest of the queue is laid out in one pass, in the order
 * the queue has at that instant, each ticket to the serving counter free first. A hall with
 * thousands waiting is then a few milliseconds, not seconds of the event loop: the play runs
 * on every hall change, and the calls that far ahead move with every call made anyway.
 *
 * Pure: no clock, no I/O. Times are epoch milliseconds.
 */
import { type QueueEntry, type QueuePolicy, byQueue, isPriority, nextNormalSincePriority, orderQueue, ruleFor } from './ordering';
import { isLongCase } from './wait-estimate';

export type ForecastReason =
  | 'no_open_counter'
  | 'counters_paused'
  | 'long_case_ahead'
  | 'shared_counters'
  | 'lunch_break'
  | 'closing_time';

export interface ForecastTicket extends QueueEntry {
  number: string;
  serviceId: string;
  /** Sent to one counter (a transfer to a named counter): only that counter calls it. */
  targetCounterId: string | null;
}

export interface Session {
  from: number;
  to: number;
}

export interface ForecastCounter {
  id: string;
  number: number;
  status: 'open' | 'paused' | 'closed';
  serviceIds: readonly string[];
  /** The counter's interleave memory (normal tickets called since the last priority one). */
  normalSincePriority: number;
  /** The ticket at the counter now (called or in service) and since when it was called. */
  busy: { serviceId: string; since: number } | null;
  /** Today's working sessions, in order (the gaps between them are the lunch break). */
  sessions: readonly Session[];
}

export interface ForecastInput {
  now: number;
  policy: QueuePolicy;
  tickets: readonly ForecastTicket[];
  counters: readonly ForecastCounter[];
  /** Expected counter time of one ticket (call → finish), minutes, per service id. */
  counterMinutes: ReadonlyMap<string, number>;
  /** Used for a service missing from `counterMinutes`. */
  defaultCounterMinutes?: number;
  /** How long a paused counter is expected to stay away (minutes) when no session gap explains it. */
  pauseMinutes?: number;
  /** Calls played one by one before the rest is laid out in one pass (default 300). */
  playedCalls?: number;
}

export interface TicketForecast {
  id: string;
  serviceId: string;
  /** Expected call time; null when no counter that could call it is open or paused. */
  callAt: number | null;
  counterId: string | null;
  /** Tickets of other services called earlier at counters that serve this one's service. */
  othersFirst: number;
  reasons: ForecastReason[];
}

export interface ServiceForecast {
  /** When a number taken now would be called: the first counter of the service to run out of work. */
  nextCallAt: number | null;
  reasons: ForecastReason[];
}

export interface HallForecast {
  at: number;
  /** In expected call order (tickets nobody can call last, in their queue order). */
  tickets: TicketForecast[];
  services: Map<string, ServiceForecast>;
}

/** Several tickets of other services ahead at shared counters are worth naming. */
const sharedWorthSaying = 2;
const defaultPlayedCalls = 300;

interface Run {
  c: ForecastCounter;
  free: number;
  sinceP: number;
  lunch: boolean;
  closing: boolean;
  idleAt: number | null;
}

/**
 * When a counter free at `t` calls next: inside a session, or before the first one (opened
 * early), at `t`; in a gap between sessions it breaks until the next one starts; after the
 * last one it keeps calling those who came before closing.
 */
function workTime(run: Run, t: number): number {
  const { sessions } = run.c;
  for (let i = 0; i < sessions.length; i += 1) {
    const s = sessions[i] as Session;
    if (t < s.to) {
      if (t < s.from && i > 0) {
        run.lunch = true;
        return s.from;
      }
      return t;
    }
  }
  if (sessions.length > 0) run.closing = true;
  return t;
}

function servesTicket(c: ForecastCounter, t: ForecastTicket): boolean {
  return t.targetCounterId ? t.targetCounterId === c.id : c.serviceIds.includes(t.serviceId);
}

/**
 * The ticket `orderQueue(tickets the counter serves, policy, at, sinceP)[0]` would give, by
 * one scan of `queue` (in queue order): the first aged ticket; else, while a normal ticket
 * waits, the first priority ticket whose interleave is due, or the first normal one; else
 * the first priority ticket. Returns its index in `queue`, or -1.
 */
function pickIndex(queue: readonly ForecastTicket[], c: ForecastCounter, policy: QueuePolicy, at: number, sinceP: number): number {
  // Without rules per service every ticket ages alike: past the first one served, none is aged.
  const alike = !policy.services;
  let normal = -1;
  let priority = -1;
  let duePriority = -1;
  for (let i = 0; i < queue.length; i += 1) {
    const e = queue[i] as ForecastTicket;
    if (!servesTicket(c, e)) continue;
    const rule = ruleFor(policy, e);
    if (e.queuedAt.getTime() <= at - rule.agingMinutes * 60_000) return i;
    if (isPriority(e)) {
      if (priority < 0) priority = i;
      if (duePriority < 0 && sinceP >= rule.interleave) duePriority = i;
    } else if (normal < 0) normal = i;
    if (alike && normal >= 0 && priority >= 0) break;
  }
  if (normal < 0) return priority;
  const due = alike ? (priority >= 0 && sinceP >= policy.interleave ? priority : -1) : duePriority;
  return due >= 0 ? due : normal;
}

export function forecastHall(input: ForecastInput): HallForecast {
  const { now, policy } = input;
  const minutesOf = (serviceId: string) => input.counterMinutes.get(serviceId) ?? input.defaultCounterMinutes ?? 10;
  const pauseMs = (input.pauseMinutes ?? 10) * 60_000;
  const pausedServices = new Set<string>();
  const longServices = new Set<string>();
  const runs: Run[] = [];
  for (const c of input.counters) {
    if (c.status === 'closed') continue;
    const run: Run = { c, free: now, sinceP: c.normalSincePriority, lunch: false, closing: false, idleAt: null };
    if (c.status === 'paused') {
      for (const id of c.serviceIds) pausedServices.add(id);
      run.free = now + pauseMs;
      // A counter paused in the gap between sessions is at lunch: it is back when the next one starts.
      const next = c.sessions.find((s) => s.from > now);
      const inGap = next !== undefined && c.sessions.some((s) => s.to <= now);
      if (inGap && next) run.free = Math.max(now, next.from);
    } else if (c.busy) {
      const usual = minutesOf(c.busy.serviceId);
      const elapsed = (now - c.busy.since) / 60_000;
      // Past twice the usual time the case says nothing about its end: plan one more usual service.
      const long = isLongCase(elapsed, usual);
      if (long) for (const id of c.serviceIds) longServices.add(id);
      const remaining = long ? usual : Math.max(usual - elapsed, 0.3 * usual);
      run.free = now + remaining * 60_000;
    }
    runs.push(run);
  }
  runs.sort((a, b) => a.c.number - b.c.number);

  // The waiting tickets in queue order; each call takes its ticket out.
  const remaining = [...input.tickets].sort(byQueue);
  const out = new Map<string, TicketForecast>();
  const othersAt = new Map<string, number>();
  const active = [...runs];
  const record = (run: Run, ticket: ForecastTicket, t: number) => {
    const reasons: ForecastReason[] = [];
    const othersFirst = othersAt.get(ticket.serviceId) ?? 0;
    if (othersFirst >= sharedWorthSaying) reasons.push('shared_counters');
    if (run.lunch) reasons.push('lunch_break');
    if (run.closing) reasons.push('closing_time');
    out.set(ticket.id, { id: ticket.id, serviceId: ticket.serviceId, callAt: t, counterId: run.c.id, othersFirst, reasons });
    for (const id of run.c.serviceIds) if (id !== ticket.serviceId) othersAt.set(id, (othersAt.get(id) ?? 0) + 1);
    run.sinceP = nextNormalSincePriority(ticket, run.sinceP);
    run.free = t + minutesOf(ticket.serviceId) * 60_000;
  };
  /** The active counter that calls first (ties: the lower counter number, as `runs` is sorted). */
  const firstFree = (eligible: (r: Run) => boolean): Run | undefined => {
    let best: Run | undefined;
    let bestAt = Infinity;
    for (const r of active) {
      if (!eligible(r)) continue;
      const at = workTime({ ...r }, r.free);
      if (at < bestAt) {
        best = r;
        bestAt = at;
      }
    }
    return best;
  };
  const playedCalls = input.playedCalls ?? defaultPlayedCalls;
  let played = 0;
  let lastAt = now;
  while (remaining.length > 0 && active.length > 0 && played < playedCalls) {
    const run = firstFree(() => true);
    if (!run) break;
    const t = workTime(run, run.free);
    lastAt = t;
    const i = pickIndex(remaining, run.c, policy, t, run.sinceP);
    if (i < 0) {
      run.idleAt = t;
      active.splice(active.indexOf(run), 1);
      continue;
    }
    const [ticket] = remaining.splice(i, 1) as [ForecastTicket];
    record(run, ticket, t);
    played += 1;
  }
  // Past the played calls: the rest in the queue's order at that instant, each to the counter
  // that serves it and is free first.
  if (remaining.length > 0 && active.length > 0) {
    const rest = orderQueue(remaining, policy, new Date(lastAt));
    remaining.length = 0;
    for (const { entry } of rest) {
      const run = firstFree((r) => servesTicket(r.c, entry));
      if (!run) {
        remaining.push(entry);
        continue;
      }
      record(run, entry, workTime(run, run.free));
    }
  }
  // Counters still working when the queue ran dry become idle once their last call is done.
  for (const r of active) r.idleAt = workTime(r, r.free);

  const stateReasons = (serviceId: string): ForecastReason[] => [
    ...(pausedServices.has(serviceId) ? (['counters_paused'] as const) : []),
    ...(longServices.has(serviceId) ? (['long_case_ahead'] as const) : []),
  ];
  const tickets: TicketForecast[] = [...out.values()].map((f) => ({ ...f, reasons: [...stateReasons(f.serviceId), ...f.reasons] }));
  const unserved = orderQueue([...remaining], policy, new Date(now));
  for (const { entry } of unserved) {
    tickets.push({ id: entry.id, serviceId: entry.serviceId, callAt: null, counterId: null, othersFirst: 0, reasons: ['no_open_counter'] });
  }

  const services = new Map<string, ServiceForecast>();
  const serviceIds = new Set(input.counters.flatMap((c) => c.serviceIds));
  for (const t of input.tickets) serviceIds.add(t.serviceId);
  for (const id of serviceIds) {
    const mine = runs.filter((r) => r.c.serviceIds.includes(id) && r.idleAt !== null);
    let first: Run | undefined;
    for (const r of mine) if (!first || (r.idleAt as number) < (first.idleAt as number)) first = r;
    if (!first || first.idleAt === null) {
      services.set(id, { nextCallAt: null, reasons: ['no_open_counter'] });
      continue;
    }
    const reasons = stateReasons(id);
    if ((othersAt.get(id) ?? 0) >= sharedWorthSaying) reasons.push('shared_counters');
    if (first.lunch) reasons.push('lunch_break');
    if (first.closing) reasons.push('closing_time');
    services.set(id, { nextCallAt: first.idleAt, reasons });
  }
  return { at: now, tickets, services };
}
