/**
 * A counter's day, from its status changes and the tickets it handled: what it is doing
 * now and since when, and its utilisation — the share of its staffed time today (open or
 * paused) that it spent with a citizen (from the call to the finish). Pure: no I/O.
 */
export type CounterStatus = 'open' | 'paused' | 'closed';
export type CounterActivity = 'serving' | 'paused' | 'idle' | 'closed';

export interface StatusChange {
  at: Date;
  /** The status the counter changed to. */
  status: CounterStatus;
}

export interface BusyInterval {
  from: Date;
  /** Null while the ticket is still called or in service. */
  to: Date | null;
}

export interface CounterLoadInput {
  /** Start of the hall-local day. */
  dayStart: Date;
  /**
   * When the hall started serving today (its first call): nobody can be busy before it, so
   * the early morning of a counter left open overnight does not count as idle time.
   */
  servingSince: Date | null;
  now: Date;
  status: CounterStatus;
  statusSince: Date;
  /** Today's status changes, oldest first. */
  changes: readonly StatusChange[];
  /** Today's tickets at the counter, from call to finish. */
  busy: readonly BusyInterval[];
}

export interface CounterLoad {
  busyMs: number;
  availableMs: number;
  /** busy ÷ available, 0–1; null before the hall has served anyone today. */
  utilisation: number | null;
}

const staffed = (status: CounterStatus) => status !== 'closed';

/**
 * The status before the first change of the day, from the commands that can make it:
 * pause comes only from open, close from open or paused (counted as staffed either way),
 * and open from closed or paused — taken as closed, the usual morning.
 */
function statusBefore(first: StatusChange): CounterStatus {
  return first.status === 'open' ? 'closed' : 'open';
}

function timeline(input: CounterLoadInput): StatusChange[] {
  const { dayStart, changes, status, statusSince } = input;
  if (changes.length > 0) {
    const first = changes[0] as StatusChange;
    return [{ at: dayStart, status: statusBefore(first) }, ...changes];
  }
  // No change recorded today: the status held all day, or since it was set today.
  if (statusSince <= dayStart) return [{ at: dayStart, status }];
  return [
    { at: dayStart, status: 'closed' },
    { at: statusSince, status },
  ];
}

function overlap(from: number, to: number, windowFrom: number, windowTo: number): number {
  return Math.max(0, Math.min(to, windowTo) - Math.max(from, windowFrom));
}

export function counterLoad(input: CounterLoadInput): CounterLoad {
  if (!input.servingSince) return { busyMs: 0, availableMs: 0, utilisation: null };
  const windowFrom = Math.max(input.servingSince.getTime(), input.dayStart.getTime());
  const windowTo = input.now.getTime();
  const steps = timeline(input);
  let availableMs = 0;
  steps.forEach((step, i) => {
    if (!staffed(step.status)) return;
    const end = steps[i + 1]?.at.getTime() ?? windowTo;
    availableMs += overlap(step.at.getTime(), end, windowFrom, windowTo);
  });
  let busyMs = 0;
  for (const b of input.busy) busyMs += overlap(b.from.getTime(), (b.to ?? input.now).getTime(), windowFrom, windowTo);
  const utilisation = availableMs > 0 ? Math.min(1, busyMs / availableMs) : busyMs > 0 ? 1 : null;
  return { busyMs, availableMs, utilisation };
}

export interface ActivityInput {
  status: CounterStatus;
  statusSince: Date;
  /** When the counter's current ticket was called, if it has one. */
  activeSince: Date | null;
  /** The last time today a ticket left the counter (finished, no-show, transferred). */
  lastFinishedAt: Date | null;
}

/** What the counter does now, and since when (idle: since it last became free). */
export function counterActivity(input: ActivityInput): { activity: CounterActivity; since: Date } {
  if (input.status === 'closed') return { activity: 'closed', since: input.statusSince };
  if (input.status === 'paused') return { activity: 'paused', since: input.statusSince };
  if (input.activeSince) return { activity: 'serving', since: input.activeSince };
  const free = input.lastFinishedAt && input.lastFinishedAt > input.statusSince ? input.lastFinishedAt : input.statusSince;
  return { activity: 'idle', since: free };
}
