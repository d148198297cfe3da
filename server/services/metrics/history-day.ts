import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../../db/client';
import { tickets } from '../../../db/schema';
import { addDays, startOfLocalDay } from '../../domain/hall-day';
import { countsAsServed } from '../../domain/visit-outcome';
import { type DayFigures, type DayRollup, addTo, emptyRollup } from './history-figures';

export interface HallDay {
  hallId: string;
  timeZone: string;
  day: string;
}

const levelField = {
  very_satisfied: 'verySatisfied',
  satisfied: 'satisfied',
  basically_satisfied: 'basicallySatisfied',
  dissatisfied: 'dissatisfied',
  very_dissatisfied: 'veryDissatisfied',
} as const satisfies Record<string, keyof DayFigures>;

const ms = (v: unknown): number | null => (v === null || v === undefined ? null : new Date(v as string | Date).getTime());
const staffOf = (actor: string | null | undefined): string | null => (actor?.startsWith('staff:') ? actor.slice(6) : null);

/** The ticket of a visit that reached a counter last: where its rating or case is attributed. */
const lastServedTicket = (root: ReturnType<typeof sql>) => sql`left join lateral (
  select t.service_id, t.counter_id, t.staff_id from tickets t
  where t.root_ticket_id = ${root} and t.counter_id is not null
  order by t.called_at desc nulls last limit 1) v on true`;

async function addTickets(db: DbOrTx, at: HallDay, rollup: DayRollup) {
  const rows = await db
    .select({
      service: tickets.serviceId,
      counter: tickets.counterId,
      staff: tickets.staffId,
      seq: tickets.seq,
      status: tickets.status,
      outcome: tickets.outcome,
      queuedAt: tickets.queuedAt,
      issuedAt: tickets.issuedAt,
      calledAt: tickets.calledAt,
      startedAt: tickets.startedAt,
      finishedAt: tickets.finishedAt,
    })
    .from(tickets)
    .where(and(eq(tickets.hallId, at.hallId), eq(tickets.day, at.day)));
  for (const t of rows) {
    addTo(rollup, t, (f) => {
      if (t.seq !== null) f.issued += 1;
      if (countsAsServed(t)) f.served += 1;
      if (t.status === 'no_show') f.noShows += 1;
      if (t.status === 'cancelled') f.cancelled += 1;
      if (t.status === 'transferred') f.transferred += 1;
      if (t.calledAt) {
        f.called += 1;
        f.waitCount += 1;
        f.waitSeconds += (t.calledAt.getTime() - Math.max(t.queuedAt.getTime(), t.issuedAt.getTime())) / 1000;
        if (t.startedAt) {
          f.walkCount += 1;
          f.walkSeconds += (t.startedAt.getTime() - t.calledAt.getTime()) / 1000;
        }
      }
      if (t.startedAt && t.finishedAt && (t.status === 'completed' || t.status === 'transferred')) {
        f.serviceCount += 1;
        f.serviceSeconds += (t.finishedAt.getTime() - t.startedAt.getTime()) / 1000;
      }
    });
  }
}

async function addRatings(db: DbOrTx, at: HallDay, start: Date, end: Date, rollup: DayRollup): Promise<number> {
  const rows = rowsOf<{ level: string; efficiency: number | null; service_level: number | null; attitude: number | null; excluded: boolean; counter_id: string | null; service_id: string | null; staff_id: string | null }>(
    await db.execute(sql`
      select r.level, r.efficiency, r.service_level, r.attitude, r.excluded, r.counter_id, v.service_id, v.staff_id
      from ratings r ${lastServedTicket(sql`r.root_ticket_id`)}
      where r.hall_id = ${at.hallId} and r.at >= ${start.toISOString()}::timestamptz and r.at < ${end.toISOString()}::timestamptz`),
  );
  let excluded = 0;
  for (const r of rows) {
    // An upheld appeal takes the rating out of every figure (server/services/metrics/satisfaction.ts).
    if (r.excluded) {
      excluded += 1;
      continue;
    }
    const field = levelField[r.level as keyof typeof levelField] as keyof DayFigures | undefined;
    if (!field) continue;
    addTo(rollup, { service: r.service_id, counter: r.counter_id, staff: r.staff_id }, (f) => {
      f.rated += 1;
      f[field] += 1;
      if (r.efficiency !== null) {
        f.efficiencyCount += 1;
        f.efficiencySum += Number(r.efficiency);
      }
      if (r.service_level !== null) {
        f.serviceLevelCount += 1;
        f.serviceLevelSum += Number(r.service_level);
      }
      if (r.attitude !== null) {
        f.attitudeCount += 1;
        f.attitudeSum += Number(r.attitude);
      }
    });
  }
  return excluded;
}

async function addGovernance(db: DbOrTx, at: HallDay, start: Date, end: Date, rollup: DayRollup) {
  const [refusals, cases] = await Promise.all([
    db.execute(sql`
      select r.status, r.counter_id, r.requested_by, t.service_id from refusals r join tickets t on t.id = r.ticket_id
      where r.hall_id = ${at.hallId} and r.requested_at >= ${start.toISOString()}::timestamptz and r.requested_at < ${end.toISOString()}::timestamptz`),
    db.execute(sql`
      select c.opened_by, v.service_id, v.counter_id, v.staff_id
      from unresolved_cases c ${lastServedTicket(sql`c.root_ticket_id`)}
      where c.hall_id = ${at.hallId} and c.opened_at >= ${start.toISOString()}::timestamptz and c.opened_at < ${end.toISOString()}::timestamptz`),
  ]);
  for (const r of rowsOf<{ status: string; counter_id: string; requested_by: string; service_id: string }>(refusals)) {
    addTo(rollup, { service: r.service_id, counter: r.counter_id, staff: r.requested_by }, (f) => {
      f.refusals += 1;
      if (r.status === 'approved') f.refusalsApproved += 1;
    });
  }
  for (const c of rowsOf<{ opened_by: string; service_id: string | null; counter_id: string | null; staff_id: string | null }>(cases)) {
    addTo(rollup, { service: c.service_id, counter: c.counter_id, staff: staffOf(c.opened_by) ?? c.staff_id }, (f) => {
      f.cases += 1;
    });
  }
}

const endsActive = new Set(['ticket.completed', 'ticket.no_show', 'ticket.transferred', 'ticket.parked']);

/**
 * Open and idle time per counter, replayed from the day's events in seq order. A counter
 * starts the day in the status of its last counter.updated event before the day, without a
 * ticket; it is busy from a ticket.called at it until that ticket is completed, no-show,
 * transferred or parked. Open time without a busy ticket is idle. Time is counted up to the
 * end of the day, or `now` for today; it goes to the staff who last opened or resumed it.
 */
async function addCounterTime(db: DbOrTx, at: HallDay, start: Date, end: Date, rollup: DayRollup) {
  const [initial, events] = await Promise.all([
    db.execute(sql`
      select c.id, s.status, s.actor from counters c
      left join lateral (
        select e.data->>'status' as status, e.actor from events e
        where e.counter_id = c.id and e.type = 'counter.updated' and e.at < ${start.toISOString()}::timestamptz
        order by e.at desc limit 1) s on true
      where c.hall_id = ${at.hallId}`),
    db.execute(sql`
      select e.type, e.at, e.ticket_id, e.counter_id, e.actor, e.data->>'status' as status from events e
      where e.hall_id = ${at.hallId} and e.at >= ${start.toISOString()}::timestamptz and e.at < ${end.toISOString()}::timestamptz
        and e.counter_id is not null
        and e.type in ('counter.updated', 'ticket.called', 'ticket.completed', 'ticket.no_show', 'ticket.transferred', 'ticket.parked')
      order by e.seq`),
  ]);
  interface State {
    status: string;
    staff: string | null;
    active: string | null;
    since: number;
    open: number;
    idle: number;
  }
  const states = new Map<string, State>();
  for (const c of rowsOf<{ id: string; status: string | null; actor: string | null }>(initial)) {
    states.set(c.id, { status: c.status ?? 'closed', staff: staffOf(c.actor), active: null, since: start.getTime(), open: 0, idle: 0 });
  }
  const settle = (s: State, until: number) => {
    if (s.status === 'open') {
      s.open += until - s.since;
      if (!s.active) s.idle += until - s.since;
    }
    s.since = until;
  };
  const flush = (counter: string, s: State) => {
    if (s.open === 0 && s.idle === 0) return;
    const add = (f: DayFigures) => {
      f.openSeconds += s.open / 1000;
      f.idleSeconds += s.idle / 1000;
    };
    // Counters are shared between services: their time belongs to no service row.
    addTo(rollup, { service: null, counter, staff: s.staff }, add, true);
    s.open = 0;
    s.idle = 0;
  };
  for (const e of rowsOf<{ type: string; at: string | Date; ticket_id: string | null; counter_id: string; actor: string; status: string | null }>(events)) {
    const s = states.get(e.counter_id);
    if (!s) continue;
    settle(s, ms(e.at) ?? s.since);
    if (e.type === 'counter.updated') {
      // The time so far belongs to whoever had the counter open; the rest to the new actor.
      flush(e.counter_id, s);
      s.status = e.status ?? s.status;
      if (s.status === 'open') s.staff = staffOf(e.actor) ?? s.staff;
    } else if (e.type === 'ticket.called') s.active = e.ticket_id;
    else if (endsActive.has(e.type) && s.active === e.ticket_id) s.active = null;
  }
  for (const [counter, s] of states) {
    settle(s, end.getTime());
    flush(counter, s);
  }
}

export interface ComputedDay {
  rollup: DayRollup;
  /** Ratings of the day excluded by an appeal: a change makes a rolled-up day stale. */
  excludedRatings: number;
}

/** Computes one hall-day's figures from the raw tables; `now` bounds today's counter time. */
export async function computeDay(db: DbOrTx, at: HallDay, now: Date): Promise<ComputedDay> {
  const start = startOfLocalDay(at.day, at.timeZone);
  const dayEnd = startOfLocalDay(addDays(at.day, 1), at.timeZone);
  const end = now < dayEnd ? (now < start ? start : now) : dayEnd;
  const rollup = emptyRollup();
  // Concurrently: each part writes its own figures only, so the sums do not depend on the order.
  const [, excludedRatings] = await Promise.all([
    addTickets(db, at, rollup),
    addRatings(db, at, start, dayEnd, rollup),
    addGovernance(db, at, start, dayEnd, rollup),
    addCounterTime(db, at, start, end, rollup),
  ]);
  return { rollup, excludedRatings };
}
