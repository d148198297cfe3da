/**
 * The ticket page's rules that run in the phone's browser: pure functions, each serialised
 * with toString() into the page beside ticket-island.ts (so they must not reference anything
 * outside their own body), and unit-tested here as they are. ES2017, like the island.
 */

/** What the rules read of a ticket (a TicketView satisfies it). */
export interface LiveTicket {
  number: string;
  serviceId: string;
  status: string;
  position: number | null;
  etaMinutes: { low: number; high: number } | null;
  etaReasons: string[];
  calledAt: string | null;
  counterNumber: number | null;
  /** The version of the visit's current ticket (TicketView.version). */
  version?: number;
  /** What the page offers (TicketView.moves); only "more time" is read here. */
  moves?: { moreTime: { used: boolean; behind?: number; maxPlaces?: number } | null };
}

/** A service's queue order as the /ticket namespace pushes it (QueueOrder). */
export interface LiveQueue {
  serviceId: string;
  order: string[];
  eta: Array<[number, number]>;
  reasons?: string[];
  reasonsAt?: string[][];
}

/**
 * The ticket's place in its service's latest queue order, when it waits there; otherwise
 * the ticket as it was. The phone finds its own place: the server sends one order to all.
 */
export function placeInQueue<T extends LiveTicket>(ticket: T, queue: LiveQueue | null): T {
  if (ticket.status !== 'waiting' || !queue || queue.serviceId !== ticket.serviceId) return ticket;
  const index = queue.order.indexOf(ticket.number);
  if (index < 0) return ticket;
  const eta = queue.eta[index];
  return Object.assign({}, ticket, {
    position: index + 1,
    etaMinutes: eta ? { low: eta[0], high: eta[1] } : ticket.etaMinutes,
    etaReasons: queue.reasonsAt && queue.reasonsAt[index] ? queue.reasonsAt[index] : queue.reasons ? queue.reasons : ticket.etaReasons,
  });
}

export type AlertStage = 'far' | 'nearly' | 'called' | 'other';

/**
 * Where the ticket stands, as far as alerts go; `key` changes once per state worth an alert.
 * Stage `nearly` is the one "快到您了" rule: waiting with `nearlyAhead` or fewer people ahead.
 * The server's render (ticket-body.tsx `isNearly`) and the script's live banner both ask it.
 */
export function alertStage(ticket: LiveTicket, nearlyAhead: number): { stage: AlertStage; key: string } {
  if (ticket.status === 'called') {
    // A recall keeps calledAt (same state, no new alert); a parked ticket called back gets a new one.
    return { stage: 'called', key: 'called:' + (ticket.calledAt || '') + ':' + (ticket.counterNumber === null ? '' : ticket.counterNumber) };
  }
  if (ticket.status === 'waiting') {
    if (ticket.position === null) return { stage: 'far', key: 'far' };
    return Math.max(0, ticket.position - 1) <= nearlyAhead ? { stage: 'nearly', key: 'nearly' } : { stage: 'far', key: 'far' };
  }
  return { stage: 'other', key: 'other:' + ticket.status };
}

/** `{name}` placeholders filled from vars; unknown names are left as they are (lib/i18n `format`). */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, function (whole: string, name: string) {
    return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
  });
}

/** A time in the hall's zone (Asia/Shanghai: UTC+8 all year), the same on every phone: MM-DD HH:mm:ss. */
export function hallClock(at: number): { day: string; time: string; seconds: string } {
  const local = new Date(at + 8 * 3600 * 1000);
  const pad = function (n: number) {
    return (n < 10 ? '0' : '') + n;
  };
  const time = pad(local.getUTCHours()) + ':' + pad(local.getUTCMinutes());
  return { day: pad(local.getUTCMonth() + 1) + '-' + pad(local.getUTCDate()), time: time, seconds: time + ':' + pad(local.getUTCSeconds()) };
}

/**
 * Whether a /ticket heartbeat says the view shown is behind: the visit has another current
 * ticket (a transfer) or a newer version of it. A push lost in a crash shows up this way.
 */
export function behindBeat(ticket: LiveTicket, beat: { number: string; version: number }): boolean {
  if (beat.number !== ticket.number) return true;
  return typeof ticket.version === 'number' && beat.version > ticket.version;
}

/**
 * Whether a waiting ticket's number has left its service's queue order: it was called, moved
 * or ended, and the push that says so has not come (yet). The page reads its view again.
 */
export function leftQueue(ticket: LiveTicket, queue: LiveQueue): boolean {
  return ticket.status === 'waiting' && queue.serviceId === ticket.serviceId && queue.order.indexOf(ticket.number) < 0;
}

/**
 * The part of the queue's shape that the page's offers depend on: how many wait behind the
 * ticket, counted up to the hall's cap on places moved ("我需要再等 5 分钟" moves it back at most
 * that far, so a longer tail changes nothing). With `queue` null, the shape the server rendered.
 * Null when no offer depends on it (not waiting, allowance used, or the view predates the field).
 * When a `queue` push gives another key than the view shown, the page reads its view again: the
 * offer appears when someone joins behind the last in line, and goes when they leave.
 */
export function queueShapeKey(ticket: LiveTicket, queue: LiveQueue | null): string | null {
  const offer = ticket.moves ? ticket.moves.moreTime : null;
  if (ticket.status !== 'waiting' || !offer || offer.used || typeof offer.behind !== 'number') return null;
  const cap = typeof offer.maxPlaces === 'number' ? offer.maxPlaces : 5;
  if (!queue) return 'behind:' + Math.min(offer.behind, cap);
  if (queue.serviceId !== ticket.serviceId) return null;
  const index = queue.order.indexOf(ticket.number);
  if (index < 0) return null;
  return 'behind:' + Math.min(queue.order.length - index - 1, cap);
}
