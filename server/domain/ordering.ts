/**
 * The queue-ordering policy, the same for "call next", the staff preview and the
 * citizen's position, so what a citizen is told is what the counter will do.
 *
 * Rules, in order:
 * 1. Aging: a ticket that has waited at least `agingMinutes` goes first (oldest first),
 *    whatever its class, so nobody waits forever.
 * 2. Interleave: after `interleave` normal tickets a waiting priority ticket is taken
 *    ("one priority after every N normal"); with interleave 0 priority always goes first.
 * 3. Otherwise the oldest normal ticket; priority tickets when no normal one waits.
 * Within a lane tickets go by their place in the queue (`queuedAt`: first arrival, kept
 * across transfers; slot time for appointments), then by ticket number (tickets queued in
 * the same instant go in the order they were numbered), then by id so the order is total.
 *
 * A service may have its own interleave and aging (`QueuePolicy.services`): then each
 * ticket ages by its own service's minutes, and a waiting priority ticket is taken once
 * the counter has called as many normal tickets as its own service's interleave asks. A
 * counter serving one service, or services without rules of their own, orders exactly as
 * the hall's policy says.
 */
export const priorityClasses = ['normal', 'elderly', 'disabled', 'pregnant', 'green_channel', 'appointment'] as const;
export type PriorityClass = (typeof priorityClasses)[number];

export interface QueueRule {
  interleave: number;
  agingMinutes: number;
}

export interface QueuePolicy extends QueueRule {
  /** Rules of services that override the hall's, by service id (entries say their `serviceId`). */
  services?: Readonly<Record<string, QueueRule>>;
}

export interface QueueEntry {
  id: string;
  priorityClass: PriorityClass;
  queuedAt: Date;
  /**
   * The ticket number (A023). Breaks ties of `queuedAt` so that tickets issued in the same
   * millisecond (or under a fake clock) keep their numbering order; give it on every entry
   * of a queue or on none.
   */
  number?: string;
  /** Needed only when the policy has rules per service. */
  serviceId?: string;
}

/** The rule that orders `entry`: its service's own, else the hall's. */
export function ruleFor(policy: QueuePolicy, entry: QueueEntry): QueueRule {
  return (entry.serviceId !== undefined ? policy.services?.[entry.serviceId] : undefined) ?? policy;
}

export interface PickReason {
  lane: 'aged' | 'priority' | 'normal';
}

export interface OrderedEntry<T extends QueueEntry> {
  entry: T;
  reason: PickReason['lane'];
}

/**
 * Shorter numbers first, then character by character: numeric order within a prefix,
 * since numbers are zero-padded to at least three digits (A999 before A1000). The SQL
 * that reads the heads of the lanes orders the same way (`laneOrder` in services/lookups).
 */
function byNumber(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return 0;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Place in the queue: `queuedAt`, then ticket number, then id (a total order). */
export function byQueue(a: QueueEntry, b: QueueEntry): number {
  const d = a.queuedAt.getTime() - b.queuedAt.getTime();
  if (d !== 0) return d;
  const n = byNumber(a.number, b.number);
  if (n !== 0) return n;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function isPriority(entry: QueueEntry): boolean {
  return entry.priorityClass !== 'normal';
}

/**
 * Orders the whole queue as successive calls would take it, starting from the
 * counter's memory `normalSincePriority`. Returns each entry with why it is there.
 */
export function orderQueue<T extends QueueEntry>(
  entries: readonly T[],
  policy: QueuePolicy,
  now: Date,
  normalSincePriority = 0,
): OrderedEntry<T>[] {
  const isAged = (e: T) => e.queuedAt.getTime() <= now.getTime() - ruleFor(policy, e).agingMinutes * 60_000;
  const sorted = [...entries].sort(byQueue);
  const aged = sorted.filter(isAged);
  const priority = sorted.filter((e) => !isAged(e) && isPriority(e));
  const normal = sorted.filter((e) => !isAged(e) && !isPriority(e));

  const result: OrderedEntry<T>[] = [];
  let sinceP = normalSincePriority;
  let a = 0;
  let n = 0;
  while (result.length < sorted.length) {
    const agedNext = aged[a];
    const normalNext = normal[n];
    // The oldest priority ticket whose own interleave is due; any, when no normal one waits.
    // Without rules per service every priority ticket has the same interleave: the head decides.
    const due = (e: T) => sinceP >= ruleFor(policy, e).interleave;
    const p = !normalNext ? 0 : policy.services ? priority.findIndex(due) : priority[0] && due(priority[0]) ? 0 : -1;
    const priorityNext = p >= 0 ? priority[p] : undefined;
    if (agedNext) {
      result.push({ entry: agedNext, reason: 'aged' });
      a += 1;
      sinceP = isPriority(agedNext) ? 0 : sinceP + 1;
    } else if (priorityNext) {
      result.push({ entry: priorityNext, reason: 'priority' });
      priority.splice(p, 1);
      sinceP = 0;
    } else if (normalNext) {
      result.push({ entry: normalNext, reason: 'normal' });
      n += 1;
      sinceP += 1;
    }
  }
  return result;
}

/** The counter's memory after calling `entry`. */
export function nextNormalSincePriority(entry: QueueEntry, normalSincePriority: number): number {
  return isPriority(entry) ? 0 : normalSincePriority + 1;
}
