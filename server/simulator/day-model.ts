import { isoWeekday } from '../domain/hall-calendar';
import { startOfLocalDay } from '../domain/hall-day';
import { isOpen } from '../domain/hall-time';
import { formatTicketNumber } from '../domain/numbering';
import { type Rng, createRng } from './random';
import type { SimCounter, SimEvent, SimHall, SimOptions, SimService, SimTicket } from './types';
import { type VisitOutcomes, createVisitOutcomes } from './visit-outcomes';

export interface DayRecords extends VisitOutcomes {
  tickets: SimTicket[];
  events: SimEvent[];
  dailyCounters: { hallId: string; serviceId: string; day: string; lastSeq: number }[];
}

/** Arrivals per minute through the day: peaks 9–11 and 14–16, quiet at the edges. */
function intensity(minute: number): number {
  const h = minute / 60;
  if (h >= 9 && h < 11) return 1.6;
  if (h >= 14 && h < 16) return 1.5;
  if (h >= 11 && h < 12) return 1;
  if (h >= 13 && h < 14) return 0.8;
  if (h >= 16 && h < 17) return 0.7;
  return 0.4;
}

const kindWeight: Record<string, number> = { normal: 1, consultation: 1.2, unresolved_matter: 0.05 };
const defaultHours = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }];

/** Minutes of the day [from, to) in which the service takes numbers. */
function openMinutes(service: SimService, day: string, weekday: number): boolean[] {
  const periods = service.openingHours.length > 0 ? service.openingHours : defaultHours;
  return Array.from({ length: 1440 }, (_, m) => isOpen(periods, { day, weekday, minutes: m }));
}

function intervals(open: boolean[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let m = 0; m < open.length; m += 1) {
    if (!open[m]) continue;
    const from = m;
    while (m < open.length && open[m]) m += 1;
    out.push({ from, to: m });
  }
  return out;
}

interface Pending {
  t: SimTicket;
  queue: number;
  issue: number;
  cancelAt: number | null;
}

/**
 * One hall-day as a small discrete-event simulation, in minutes since local midnight:
 * citizens arrive per service by the intensity profile while the service is open, each
 * counter opens before its first session, pauses for lunch (午休) between sessions and now
 * and then for a short break, calls the longest-waiting ticket of its services, and closes
 * once everybody who came before closing was called. Outcomes follow the hall's mix.
 */
export function simulateDay(hall: SimHall, day: string, options: SimOptions): DayRecords {
  const rng: Rng = createRng(`${options.seed}|${hall.slug}|${day}`);
  const midnight = startOfLocalDay(day, hall.timeZone).getTime();
  const at = (minute: number) => new Date(midnight + Math.round(minute * 60_000));
  const weekday = isoWeekday(day);
  const events: SimEvent[] = [];
  const emit = (type: string, minute: number, ticketId: string | null, counterId: string | null, actor: string, data: Record<string, unknown>) =>
    events.push({ type, at: at(minute), ticketId, counterId, actor, data, order: events.length });
  const serviceById = new Map(hall.services.map((s) => [s.id, s]));
  const open = new Map(hall.services.map((s) => [s.id, openMinutes(s, day, weekday)]));
  const counters = hall.counters
    .filter((c) => !c.spare || rng.chance(0.4))
    .map((c) => {
      const merged = Array.from({ length: 1440 }, (_, m) => c.serviceIds.some((id) => open.get(id)?.[m]));
      return { c, sessions: intervals(merged) };
    })
    .filter((x) => x.sessions.length > 0);

  // Daily volume: about 80% of what the open counters can serve, times the scale.
  const meanTypical = hall.services.reduce((n, s) => n + s.typicalServiceMinutes, 0) / Math.max(1, hall.services.length);
  const counterMinutes = counters.reduce((n, x) => n + x.sessions.reduce((k, s) => k + s.to - s.from, 0), 0);
  const saturday = weekday >= 6 ? 0.5 : 1;
  const volume = ((0.8 * counterMinutes) / meanTypical) * saturday * options.scale;
  const weightSum = hall.services.reduce((n, s) => {
    const o = open.get(s.id) ?? [];
    return n + (kindWeight[s.kind] ?? 1) * o.reduce((k, isOpenNow, m) => k + (isOpenNow ? intensity(m) : 0), 0);
  }, 0);
  const waiting = new Map<string, Pending[]>(hall.services.map((s) => [s.id, []]));
  const tickets: SimTicket[] = [];
  const arrivals: { service: SimService; minute: number }[] = [];
  if (weightSum > 0 && counters.length > 0) {
    for (const s of hall.services) {
      const o = open.get(s.id) ?? [];
      const w = kindWeight[s.kind] ?? 1;
      for (let m = 0; m < 1440; m += 1) {
        if (!o[m]) continue;
        const n = rng.poisson((volume * w * intensity(m)) / weightSum);
        for (let i = 0; i < n; i += 1) arrivals.push({ service: s, minute: m + rng.next() });
      }
    }
  }
  arrivals.sort((a, b) => a.minute - b.minute);
  const seqs = new Map<string, number>();
  for (const { service, minute } of arrivals) {
    const seq = (seqs.get(service.id) ?? 0) + 1;
    seqs.set(service.id, seq);
    const id = rng.uuid();
    const t: SimTicket = {
      id, hallId: hall.id, serviceId: service.id, day, seq, number: formatTicketNumber(service.prefix, seq),
      priorityClass: 'normal', channel: rng.chance(0.3) ? 'phone' : 'kiosk', status: 'waiting', version: 1,
      queuedAt: at(minute), issuedAt: at(minute), calledAt: null, startedAt: null, finishedAt: null,
      counterId: null, staffId: null, parentTicketId: null, rootTicketId: id, token: rng.token(), outcome: null,
    };
    tickets.push(t);
    waiting.get(service.id)?.push({ t, queue: minute, issue: minute, cancelAt: rng.chance(0.02) ? minute + rng.int(5, 40) : null });
    emit('ticket.issued', minute, id, null, `${t.channel}:${hall.id}`, { number: t.number, serviceId: service.id, channel: t.channel });
  }

  const cancel = (p: Pending, minute: number) => {
    Object.assign(p.t, { status: 'cancelled', finishedAt: at(minute), version: p.t.version + 1 });
    emit('ticket.cancelled', minute, p.t.id, null, `citizen:${p.t.rootTicketId}`, { number: p.t.number, serviceId: p.t.serviceId });
  };
  /** The longest-waiting ticket of the counter's services that is there at `t`. */
  const pick = (c: SimCounter, t: number): Pending | null => {
    let best: { p: Pending; list: Pending[]; i: number } | null = null;
    for (const id of c.serviceIds) {
      const list = waiting.get(id) ?? [];
      for (let i = 0; i < list.length; i += 1) {
        const p = list[i] as Pending;
        if (p.queue > t) break;
        if (p.cancelAt !== null && p.cancelAt <= t) {
          cancel(p, p.cancelAt);
          list.splice(i, 1);
          i -= 1;
          continue;
        }
        if (p.issue > t) continue;
        if (!best || p.queue < best.p.queue) best = { p, list, i };
        break;
      }
    }
    if (!best) return null;
    best.list.splice(best.i, 1);
    return best.p;
  };
  const nextArrival = (c: SimCounter, t: number): number | null => {
    let next: number | null = null;
    for (const id of c.serviceIds) for (const p of waiting.get(id) ?? []) if (p.issue > t && (next === null || p.issue < next)) next = p.issue;
    return next;
  };
  const requeue = (p: Pending) => {
    const list = waiting.get(p.t.serviceId) ?? [];
    const i = list.findIndex((x) => x.queue > p.queue);
    list.splice(i < 0 ? list.length : i, 0, p);
  };
  const outcomes = createVisitOutcomes({ hall, rng, emit, at, scale: options.scale, serviceById, requeue });

  interface CounterRun { c: SimCounter; sessions: { from: number; to: number }[]; si: number; free: number; pauseAt: number | null; done: boolean }
  const runs: CounterRun[] = counters.map(({ c, sessions }) => ({
    c, sessions, si: 0, free: (sessions[0]?.from ?? 540) - rng.int(2, 8), pauseAt: rng.chance(0.3) ? (sessions[0]?.from ?? 540) + rng.int(30, 150) : null, done: false,
  }));
  const counterEvent = (r: CounterRun, minute: number, status: string, pauseReason: string | null) =>
    emit('counter.updated', minute, null, r.c.id, r.c.staffId ? `staff:${r.c.staffId}` : 'system', { counterId: r.c.id, number: r.c.number, status, pauseReason });
  for (const r of runs) counterEvent(r, r.free, 'open', null);
  let lastClose = 0;
  for (;;) {
    let r: CounterRun | undefined;
    for (const x of runs) if (!x.done && (!r || x.free < r.free)) r = x;
    if (!r) break;
    const t = r.free;
    const session = r.sessions[r.si] as { from: number; to: number };
    const last = r.si === r.sessions.length - 1;
    if (t >= session.to && !last) {
      counterEvent(r, t, 'paused', '午休');
      r.si += 1;
      r.free = Math.max(t + 1, (r.sessions[r.si]?.from ?? t) - rng.int(2, 8));
      counterEvent(r, r.free, 'open', null);
      continue;
    }
    if (r.pauseAt !== null && t >= r.pauseAt && t < session.to) {
      const back = t + rng.int(8, 20);
      counterEvent(r, t, 'paused', '临时离开');
      counterEvent(r, back, 'open', null);
      r.pauseAt = null;
      r.free = back;
      continue;
    }
    const p = t < session.to + 90 ? pick(r.c, t) : null;
    if (!p) {
      const next = t < session.to ? nextArrival(r.c, t) : null;
      if (next !== null && next < session.to) r.free = next;
      else if (t < session.to) r.free = session.to;
      else {
        counterEvent(r, t, 'closed', null);
        lastClose = Math.max(lastClose, t);
        r.done = true;
      }
      continue;
    }
    r.free = outcomes.serve(p, r.c, t);
  }
  // Whoever was never called left when the hall closed (or gave up earlier).
  for (const list of waiting.values()) for (const p of list) cancel(p, p.cancelAt ?? Math.max(lastClose, p.issue + 1));
  tickets.push(...outcomes.continuations);
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  return {
    tickets: tickets.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime()),
    events,
    dailyCounters: [...seqs].map(([serviceId, lastSeq]) => ({ hallId: hall.id, serviceId, day, lastSeq })),
    ratings: outcomes.ratings,
    refusals: outcomes.refusals,
    cases: outcomes.cases,
    continuations: outcomes.continuations,
  };
}
