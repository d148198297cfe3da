/**
 * The citizen's own moves on a waiting or missed ticket, as pure rules:
 *
 * - "我需要再等 5 分钟" moves a waiting ticket back by the places that about `delayMinutes`
 *   of the service's work stand for, never more than the hall's cap. The queue is ordered by
 *   `orderQueue` alone, so the move is a new queue time for the ticket — the earliest one at
 *   which the policy puts it that many places further back — and every screen, counter and
 *   phone sees the same order without a second rule.
 * - "重新排队" after a no-show re-enters at the end of the queue (see `rejoinQueuedAt`).
 */
import { type QueueEntry, type QueuePolicy, orderQueue } from './ordering';

export interface DelayPlacesInput {
  /** Minutes of service the move should give the citizen (hall setting). */
  minutes: number;
  /** The service time to plan with (median of recent ones, else typical). */
  serviceMinutes: number;
  /** Counters open for the service now; none counts as one (the wait will not end sooner). */
  openCounters: number;
  /** The hall's cap. */
  maxPlaces: number;
}

/**
 * Places worth `minutes` of service: with 3 counters each taking 6 minutes a ticket is
 * called every 2 minutes, so 5 minutes are 3 places (rounded up: the citizen asked for at
 * least that long). At least 1, at most the cap.
 */
export function delayPlaces({ minutes, serviceMinutes, openCounters, maxPlaces }: DelayPlacesInput): number {
  const perCall = Math.max(0.5, serviceMinutes) / Math.max(1, openCounters);
  const places = Math.ceil(minutes / perCall);
  return Math.max(1, Math.min(Math.max(1, maxPlaces), places));
}

export interface DelayPlan {
  /** Place before the move (1 = next). */
  from: number;
  /** Place after it. */
  to: number;
  /** The ticket's new queue time. */
  queuedAt: Date;
}

/**
 * The new queue time that moves `ticketId` back by at most `places` places under `policy`,
 * as far as it can go within that bound without putting anybody else later than they were.
 * The candidates are the queue times of the tickets behind it, and one millisecond after
 * each; the ordering policy itself says where each would put it, so lanes, interleaving and
 * aging are respected rather than re-implemented here.
 *
 * Null when no such move exists: nobody waits behind it; only priority tickets do, and the
 * interleave calls it first anyway; or the only places within the bound cannot be reached
 * by a queue time (a priority turn sits there, or tickets queued in the same millisecond,
 * which their numbers order, straddle the bound). The citizen is then told it keeps its place.
 */
export function planDelay<T extends QueueEntry>(
  entries: readonly T[],
  ticketId: string,
  places: number,
  policy: QueuePolicy,
  now: Date,
): DelayPlan | null {
  const ordered = orderQueue(entries, policy, now);
  const from = ordered.findIndex((o) => o.entry.id === ticketId);
  const me = ordered[from]?.entry;
  if (!me || from === ordered.length - 1 || places < 1) return null;
  const target = Math.min(from + Math.floor(places), ordered.length - 1);
  const placeBefore = new Map(ordered.map((o, i) => [o.entry.id, i]));
  const others = entries.filter((e) => e.id !== ticketId);

  /** Its place with that queue time, or null when someone else would lose ground. */
  const placeAt = (queuedAt: Date): number | null => {
    const after = orderQueue([...others, { ...me, queuedAt }], policy, now);
    let mine = -1;
    for (const [i, o] of after.entries()) {
      if (o.entry.id === ticketId) mine = i;
      else if (i > (placeBefore.get(o.entry.id) ?? i)) return null;
    }
    return mine;
  };

  const times = new Set<number>();
  for (const { entry } of ordered.slice(from + 1)) {
    const t = entry.queuedAt.getTime();
    for (const candidate of [t, t + 1]) if (candidate > me.queuedAt.getTime()) times.add(candidate);
  }
  let best: { place: number; at: number } | null = null;
  for (const at of [...times].sort((a, b) => a - b)) {
    const place = placeAt(new Date(at));
    if (place === null || place <= from) continue;
    // Later queue times only move it further back: past the bound nothing better follows.
    if (place > target) break;
    if (!best || place > best.place) best = { place, at };
  }
  return best ? { from: from + 1, to: best.place + 1, queuedAt: new Date(best.at) } : null;
}

/**
 * Where a missed ticket re-enters: the end of the queue, i.e. queued now. Those who waited
 * while it was called and missed have a better claim than someone who was not there when
 * their turn came; putting it back at its old place would push all of them back, and at the
 * head it would be called again at once, with the counter's time lost twice. The end of the
 * queue is also what "重新排队" says in plain words, and what QLess and Waitwhile do.
 * Its class is kept: an elderly citizen re-enters the priority lane, at its end.
 */
export function rejoinQueuedAt(now: Date): Date {
  return now;
}

export interface RejoinWindow {
  until: Date;
  expired: boolean;
}

/** The window opens when the ticket was marked no-show and lasts the hall's `rejoinMinutes`. */
export function rejoinWindow(noShowAt: Date, minutes: number, now: Date): RejoinWindow {
  const until = new Date(noShowAt.getTime() + minutes * 60_000);
  return { until, expired: now.getTime() > until.getTime() };
}
