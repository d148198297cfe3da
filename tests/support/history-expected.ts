import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, ratings, refusals, tickets } from '../../db/schema';
import { localTime } from '../../server/domain/hall-time';

/**
 * History figures computed another way, for the tests: from the event log (the audit trail)
 * and the ratings table, without the rollup code. Keyed by `${day}|${key}` where key is 'hall',
 * a counter id or '' for what no counter handled. Counter time replays each counter's events on its own.
 */
export interface Expected {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  cancelled: number;
  transferred: number;
  waits: number[];
  walks: number[];
  services: number[];
  openMs: number;
  idleMs: number;
  rated: number;
  satisfied: number;
  attitude: number[];
  efficiency: number[];
  refusals: number;
  cases: number;
}

const blank = (): Expected => ({
  issued: 0, called: 0, served: 0, noShows: 0, cancelled: 0, transferred: 0, waits: [], walks: [], services: [],
  openMs: 0, idleMs: 0, rated: 0, satisfied: 0, attitude: [], efficiency: [], refusals: 0, cases: 0,
});

export async function expectedFigures(db: Db, hallId: string, tz = 'Asia/Shanghai'): Promise<Map<string, Expected>> {
  const out = new Map<string, Expected>();
  const get = (day: string, key: string) => {
    const id = `${day}|${key}`;
    let e = out.get(id);
    if (!e) out.set(id, (e = blank()));
    return e;
  };
  const both = (day: string, counter: string | null, f: (e: Expected) => void) => {
    f(get(day, 'hall'));
    f(get(day, counter ?? ''));
  };
  const log = await db.select().from(events).where(eq(events.hallId, hallId)).orderBy(asc(events.seq));
  const rows = await db.select().from(tickets).where(eq(tickets.hallId, hallId));
  const ticketCounter = new Map(rows.map((t) => [t.id, t.counterId]));
  const queuedFrom = new Map<string, number>();
  const calledAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const counterState = new Map<string, { open: boolean; busy: string | null; since: number; day: string }>();
  for (const e of log) {
    const day = localTime(e.at, tz).day;
    const t = e.at.getTime();
    const tid = e.ticketId ?? '';
    const counter = e.ticketId ? (ticketCounter.get(e.ticketId) ?? null) : null;
    if (e.counterId) {
      const s = counterState.get(e.counterId) ?? { open: false, busy: null, since: t, day };
      if (s.open) {
        get(day, 'hall').openMs += t - s.since;
        get(day, e.counterId).openMs += t - s.since;
        if (!s.busy) {
          get(day, 'hall').idleMs += t - s.since;
          get(day, e.counterId).idleMs += t - s.since;
        }
      }
      s.since = t;
      if (e.type === 'counter.updated') s.open = e.data.status === 'open';
      if (e.type === 'ticket.called') s.busy = tid;
      if (['ticket.completed', 'ticket.no_show', 'ticket.transferred', 'ticket.parked'].includes(e.type) && s.busy === tid) s.busy = null;
      counterState.set(e.counterId, s);
    }
    switch (e.type) {
      case 'ticket.issued':
        queuedFrom.set(tid, t);
        // Attributed where the ticket was later called ('' when it never was).
        both(day, counter, (x) => (x.issued += 1));
        break;
      case 'ticket.called':
        if (!calledAt.has(tid)) both(day, counter, (x) => {
          x.called += 1;
          x.waits.push(t - (queuedFrom.get(tid) ?? t));
        });
        calledAt.set(tid, t);
        break;
      case 'ticket.started':
        startedAt.set(tid, t);
        both(day, counter, (x) => x.walks.push(t - (calledAt.get(tid) ?? t)));
        break;
      case 'ticket.completed':
        if (e.data.outcome !== 'refused') both(day, counter, (x) => (x.served += 1));
        if (startedAt.has(tid)) both(day, counter, (x) => x.services.push(t - (startedAt.get(tid) ?? t)));
        break;
      case 'ticket.transferred':
        both(day, counter, (x) => (x.transferred += 1));
        if (startedAt.has(tid)) both(day, counter, (x) => x.services.push(t - (startedAt.get(tid) ?? t)));
        queuedFrom.set(String(e.data.childTicketId), t);
        break;
      case 'ticket.no_show':
        both(day, counter, (x) => (x.noShows += 1));
        break;
      case 'ticket.cancelled':
        both(day, counter, (x) => (x.cancelled += 1));
        break;
      case 'refusal.requested':
        both(day, e.counterId, (x) => (x.refusals += 1));
        break;
      case 'case.opened':
        both(day, counter, (x) => (x.cases += 1));
        break;
      default:
    }
  }
  for (const r of await db.select().from(ratings).where(eq(ratings.hallId, hallId))) {
    if (r.excluded) continue;
    both(localTime(r.at, tz).day, r.counterId, (x) => {
      x.rated += 1;
      if (r.level === 'satisfied' || r.level === 'very_satisfied') x.satisfied += 1;
      if (r.attitude !== null) x.attitude.push(r.attitude);
      if (r.efficiency !== null) x.efficiency.push(r.efficiency);
    });
  }
  // Every refusal of the fixture is approved: the rows must agree with the events.
  const approved = await db.select().from(refusals).where(eq(refusals.hallId, hallId));
  if (approved.some((r) => r.status !== 'approved')) throw new Error('fixture refusals are all approved');
  return out;
}

export const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
