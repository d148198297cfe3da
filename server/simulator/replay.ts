/**
 * A hall-day replayed through the real services under a fake clock: the world is drawn per
 * visitor (replay-world.ts: arrival, service, counter time, no-show, priority) and per counter
 * (sessions with the lunch break between them, short pauses), while the services decide who is
 * called — the real call-next. Along the way it records the wait range the citizen was shown at
 * issue and when 10, 5 and 3 were ahead, with the naive estimate beside it, and finally when
 * each ticket was called. Used by `npm run bench:eta` and its integration test.
 */
import type { FakeClock } from '../domain/clock';
import type { StaffActor } from '../services/actors';
import type { Services } from '../services';

export interface ReplayVisitor {
  /** Minutes since the hall's local midnight. */
  at: number;
  serviceId: string;
  priorityClass: 'normal' | 'elderly';
  /** Minutes at the counter, call to finish. */
  counterMinutes: number;
  noShow: boolean;
}

export interface ReplayCounter {
  id: string;
  serviceIds: string[];
  staff: StaffActor;
  /** Working sessions in minutes of the day; the gaps are the lunch break. */
  sessions: Array<{ from: number; to: number }>;
  /** Short pauses (临时离开): from a minute of the day, for some minutes. */
  pauses: Array<{ at: number; minutes: number }>;
}

export interface ReplayDayPlan {
  hallSlug: string;
  /** Epoch ms of the hall's local midnight of the day. */
  midnight: number;
  visitors: ReplayVisitor[];
  counters: ReplayCounter[];
  typicalMinutes: ReadonlyMap<string, number>;
}

export type Checkpoint = 'issue' | '10' | '5' | '3';

export interface EstimateRecord {
  ticketId: string;
  serviceId: string;
  checkpoint: Checkpoint;
  /** Epoch ms when the range was shown. */
  at: number;
  low: number;
  high: number;
  /** People ahead × mean counter time so far ÷ counters open for the service. */
  naive: number;
  /** Minutes from `at` to the call; null when never called (left). */
  actual: number | null;
}

interface CounterRun {
  c: ReplayCounter;
  free: number;
  busy: { ticketId: string; visitor: ReplayVisitor } | null;
  status: 'closed' | 'open' | 'paused';
  pauseIndex: number;
  done: boolean;
}

const MINUTE = 60_000;
const overtimeMinutes = 90;

export async function replayDay(services: Services, clock: FakeClock, plan: ReplayDayPlan): Promise<EstimateRecord[]> {
  const msOf = (minute: number) => plan.midnight + Math.round(minute * MINUTE);
  const at = (minute: number) => clock.set(new Date(msOf(minute)));
  const visitors = [...plan.visitors].sort((a, b) => a.at - b.at);
  const records: EstimateRecord[] = [];
  const visitorOf = new Map<string, ReplayVisitor>();
  const idByNumber = new Map<string, string>();
  const passed = new Map<string, Set<Checkpoint>>();
  const calledAt = new Map<string, number>();
  const done = new Map<string, number[]>();
  const refused: string[] = [];
  const runs: CounterRun[] = plan.counters
    .filter((c) => c.sessions.length > 0)
    .map((c) => ({ c, free: (c.sessions[0]?.from ?? 540) - 5, busy: null, status: 'closed', pauseIndex: 0, done: false }));

  const meanMinutes = (serviceId: string) => {
    const xs = done.get(serviceId) ?? [];
    return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : (plan.typicalMinutes.get(serviceId) ?? 10) + 1;
  };
  const naiveOf = (serviceId: string, ahead: number) => {
    const open = runs.filter((r) => r.status === 'open' && r.c.serviceIds.includes(serviceId)).length;
    return (ahead * meanMinutes(serviceId)) / Math.max(1, open);
  };
  const record = (ticketId: string, serviceId: string, checkpoint: Checkpoint, minute: number, eta: { low: number; high: number }, ahead: number) => {
    records.push({ ticketId, serviceId, checkpoint, at: msOf(minute), low: eta.low, high: eta.high, naive: naiveOf(serviceId, ahead), actual: null });
  };
  const checkpoints = async (serviceId: string, minute: number) => {
    const order = await services.tickets.queueOrder(serviceId);
    if (!order) return;
    order.order.forEach((number, ahead) => {
      const id = idByNumber.get(`${serviceId}|${number}`);
      const eta = order.eta[ahead];
      if (!id || !eta) return;
      const seen = passed.get(id) ?? new Set<Checkpoint>();
      for (const k of ['10', '5', '3'] as const) {
        if (ahead <= Number(k) && !seen.has(k)) {
          seen.add(k);
          record(id, serviceId, k, minute, { low: eta[0], high: eta[1] }, ahead);
        }
      }
      passed.set(id, seen);
    });
  };

  let next = 0;
  for (let guard = 0; guard < 200_000; guard += 1) {
    const arrival = visitors[next];
    let run: CounterRun | undefined;
    for (const r of runs) if (!r.done && (!run || r.free < run.free)) run = r;
    if (!run && !arrival) break;
    if (arrival && (!run || arrival.at <= run.free)) {
      next += 1;
      at(arrival.at);
      const issued = await services.tickets.issue(plan.hallSlug, { serviceId: arrival.serviceId, priorityClass: arrival.priorityClass, channel: 'kiosk' });
      if (!issued.ok) {
        refused.push(issued.error.message);
        continue;
      }
      visitorOf.set(issued.data.id, arrival);
      idByNumber.set(`${arrival.serviceId}|${issued.data.number}`, issued.data.id);
      record(issued.data.id, arrival.serviceId, 'issue', arrival.at, issued.data.etaMinutes, Math.max(0, (issued.data.position ?? 1) - 1));
      // An idle counter of the service wakes up for the newcomer.
      for (const r of runs) if (!r.done && !r.busy && r.status === 'open' && r.free > arrival.at && r.c.serviceIds.includes(arrival.serviceId)) r.free = arrival.at;
      continue;
    }
    if (!run) break;
    await step(run);
  }

  async function step(r: CounterRun) {
    const t = r.free;
    at(t);
    const id = r.c.id;
    if (r.status === 'closed') {
      await services.counters.open(r.c.staff, id);
      r.status = 'open';
      return;
    }
    if (r.busy) {
      const { ticketId, visitor } = r.busy;
      if (visitor.noShow) await services.counters.noShow(r.c.staff, id);
      else await services.counters.complete(r.c.staff, id, { outcome: 'handled' });
      done.set(visitor.serviceId, [...(done.get(visitor.serviceId) ?? []), visitor.counterMinutes].slice(-20));
      r.busy = null;
      void ticketId;
      return;
    }
    const si = r.c.sessions.findIndex((s) => t < s.to);
    const last = r.c.sessions[r.c.sessions.length - 1] as { from: number; to: number };
    if (r.status === 'paused') {
      await services.counters.resume(r.c.staff, id);
      r.status = 'open';
      return;
    }
    const session = r.c.sessions[si];
    if (si > 0 && session && t < session.from) {
      // Past the end of a session with another to come: lunch until it starts.
      await services.counters.pause(r.c.staff, id, '午休');
      r.status = 'paused';
      r.free = session.from;
      return;
    }
    const pause = r.c.pauses[r.pauseIndex];
    if (pause && t >= pause.at && si >= 0) {
      r.pauseIndex += 1;
      await services.counters.pause(r.c.staff, id, '临时离开');
      r.status = 'paused';
      r.free = t + pause.minutes;
      return;
    }
    const called = t < last.to + overtimeMinutes ? await services.counters.callNext(r.c.staff, id) : null;
    const ticket = called?.ok ? called.data.ticket : null;
    const visitor = ticket ? visitorOf.get(ticket.id) : undefined;
    if (!ticket || !visitor) {
      // Idle until the session ends, unless a newcomer of its services wakes it first.
      if (si >= 0 && session) r.free = Math.max(session.to, t + 0.01);
      else {
        await services.counters.close(r.c.staff, id);
        r.status = 'closed';
        r.done = true;
      }
      return;
    }
    calledAt.set(ticket.id, t);
    if (!visitor.noShow) await services.counters.start(r.c.staff, id);
    r.busy = { ticketId: ticket.id, visitor };
    r.free = t + (visitor.noShow ? 2 : visitor.counterMinutes);
    await checkpoints(visitor.serviceId, t);
  }

  if (refused.length > 0) console.warn(`${refused.length} numbers refused, e.g. ${refused[0]}`);
  for (const rec of records) {
    const called = calledAt.get(rec.ticketId);
    rec.actual = called === undefined ? null : (msOf(called) - rec.at) / MINUTE;
  }
  return records;
}
