import { and, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { counterServices, counters, halls, services as serviceTable, sessions, settingsOf, staff, tickets } from '../../db/schema';
import type { RatingBody } from '../contracts/api';
import type { Clock } from '../domain/clock';
import { onCalendar } from '../domain/hall-calendar';
import { startOfLocalDay } from '../domain/hall-day';
import { localTime } from '../domain/hall-time';
import { sessionsOf } from '../services/forecast-inputs';
import type { Services } from '../services';
import type { StaffActor } from '../services/actors';
import { type Random, arrivalShape, between, demoTimeScale, pickWeighted, poisson, ratingMix } from './shape';

/**
 * 演示客流 — the live demo mode (`DEMO_TRAFFIC=1`, demo mode only). Simulated citizens take
 * numbers and simulated counters call, start, complete, sometimes mark a no-show, transfer
 * or get rated, all through the real command services with the real clock, so every screen
 * (TV, phones, counters, leaders, 整改) moves as it would in a working hall.
 *
 * Which counters are simulated: every open counter of a hall whose staff account has no live
 * session. A clerk who signs in takes their counter over from the next step on (the ticket
 * the simulation had at that counter is theirs to finish); a counter that is paused or
 * closed is left alone. Citizens arrive only while some counter is simulated, at a rate that
 * those counters can serve, shaped by the hour (peaks 9–11 and 14–16), and never beyond
 * a bounded queue.
 *
 * Real time: a visit takes its service's typical minutes (half to one and a half times), as
 * in a hall, so the waits, handling times and the wait estimator's history look like a
 * hall's. Simulated counters take the lunch break their services' hours leave (午休, e.g.
 * 12:00–13:30): the ticket at the counter is finished, nobody new is called until the
 * afternoon session, and citizens who arrive meanwhile wait for it. Outside the day's hours
 * (a demo shown in the evening) the counters keep a slow flow so the screens still move.
 */
export interface DemoTrafficOptions {
  services: Services;
  clock?: Clock;
  random?: Random;
  /** How often the simulation looks at the halls, in real milliseconds. */
  tickMs?: number;
  /** Only these halls (slugs); all halls by default. */
  halls?: string[];
  log?: (message: string) => void;
}

interface Plan {
  ticketId: string;
  phase: 'called' | 'serving';
  /** When the next step is due (ms since epoch, by the clock). */
  dueAt: number;
  serviceMinutes: number;
}

interface SimCounter {
  id: string;
  number: number;
  actor: StaffActor;
}

/** Waiting tickets per simulated counter beyond which no simulated citizen arrives. */
const waitingPerCounter = 6;
/** At most this many arrivals per hall per tick, however long the gap since the last one. */
const maxArrivalsPerTick = 5;
/** After a stall (a busy database, a laptop asleep) at most this much clock time of arrivals is made up. */
const maxCatchUpMs = 60_000;

export function createDemoTraffic(options: DemoTrafficOptions) {
  const { services } = options;
  const db = services.db;
  const clock = options.clock ?? services.clock;
  const random = options.random ?? Math.random;
  const tickMs = options.tickMs ?? 2_000;
  const log = options.log ?? ((message: string) => console.info(`demo traffic: ${message}`));
  const plans = new Map<string, Plan>();
  const lastTick = new Map<string, number>();
  /** Counters whose state was read since the simulation took them (a restart or a clerk may have left a ticket). */
  const seen = new Map<string, string>();
  const stats = { ticks: 0, issued: 0, called: 0, started: 0, completed: 0, noShows: 0, transferred: 0, rated: 0, refused: 0, errors: 0 };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function simulatedCounters(hallId: string): Promise<SimCounter[]> {
    const rows = await db
      .select({ id: counters.id, number: counters.number, staff })
      .from(counters)
      .innerJoin(staff, and(eq(staff.counterId, counters.id), eq(staff.role, 'staff'), eq(staff.active, true)))
      .where(and(eq(counters.hallId, hallId), eq(counters.status, 'open')));
    if (rows.length === 0) return [];
    const live = await db
      .selectDistinct({ staffId: sessions.staffId })
      .from(sessions)
      .where(and(inArray(sessions.staffId, rows.map((r) => r.staff.id)), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())));
    const signedIn = new Set(live.map((l) => l.staffId));
    const taken = new Set(rows.filter((r) => signedIn.has(r.staff.id)).map((r) => r.id));
    const byCounter = new Map<string, SimCounter>();
    for (const r of rows) {
      if (taken.has(r.id) || byCounter.has(r.id)) continue;
      const s = r.staff;
      byCounter.set(r.id, {
        id: r.id,
        number: r.number,
        actor: { id: s.id, username: s.username, displayName: s.displayName, role: s.role, hallId, counterId: r.id },
      });
    }
    return [...byCounter.values()].sort((a, b) => a.number - b.number);
  }

  /** The simulated counters at lunch now: between two of the day's sessions their services keep. */
  async function atLunch(hall: typeof halls.$inferSelect, simulated: SimCounter[], now: Date): Promise<Set<string>> {
    if (simulated.length === 0) return new Set();
    const links = await db
      .select({ counterId: counterServices.counterId, hours: serviceTable.openingHours })
      .from(counterServices)
      .innerJoin(serviceTable, eq(serviceTable.id, counterServices.serviceId))
      .where(inArray(counterServices.counterId, simulated.map((c) => c.id)));
    const local = localTime(now, hall.timeZone);
    const today = onCalendar(local, settingsOf(hall).calendar);
    const midnight = startOfLocalDay(local.day, hall.timeZone).getTime();
    const t = now.getTime();
    const out = new Set<string>();
    for (const c of simulated) {
      const day = sessionsOf(links.filter((l) => l.counterId === c.id).map((l) => l.hours), today, midnight);
      if (day.some((s, i) => i > 0 && (day[i - 1]?.to ?? t) <= t && t < s.from)) out.add(c.id);
    }
    return out;
  }

  /** Simulated citizens take numbers, as many as the hour and the queue allow. */
  async function arrivals(hall: typeof halls.$inferSelect, simulated: SimCounter[], now: Date): Promise<number> {
    const last = lastTick.get(hall.id) ?? now.getTime() - tickMs;
    lastTick.set(hall.id, now.getTime());
    const local = localTime(now, hall.timeZone);
    const [waiting] = await db
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, local.day), eq(tickets.status, 'waiting')));
    let waitingNow = waiting?.n ?? 0;
    if (simulated.length === 0) return waitingNow;
    const offered = await db.select().from(serviceTable).where(and(eq(serviceTable.hallId, hall.id), eq(serviceTable.active, true)));
    if (offered.length === 0) return waitingNow;
    const room = waitingPerCounter * simulated.length - waitingNow;
    const meanService = offered.reduce((sum, s) => sum + s.typicalServiceMinutes, 0) / offered.length;
    // At the peak the simulated counters are just about busy; off-peak the queue drains.
    const peakPerMinute = (simulated.length / (meanService * demoTimeScale)) * 1.05;
    const minutes = Math.max(0, Math.min(now.getTime() - last, maxCatchUpMs)) / 60_000;
    const arriving = Math.min(poisson(peakPerMinute * arrivalShape(local.minutes / 60) * minutes, random), room, maxArrivalsPerTick);
    for (let i = 0; i < arriving; i += 1) {
      const service = pickWeighted(offered, (s) => (s.kind === 'unresolved_matter' ? 0.05 : s.kind === 'consultation' ? 0.6 : 1), random);
      if (!service) break;
      const elderly = random() < 0.08;
      const issued = await services.tickets.issue(hall.id, {
        serviceId: service.id,
        channel: random() < 0.55 ? 'phone' : 'kiosk',
        ...(elderly ? { priorityClass: 'elderly' as const } : {}),
        actor: 'demo:citizen',
      });
      if (issued.ok) {
        stats.issued += 1;
        waitingNow += 1;
      } else stats.refused += 1;
    }
    return waitingNow;
  }

  function outcome(result: { ok: boolean }) {
    if (!result.ok) stats.refused += 1;
    return result.ok;
  }

  /** One simulated counter: call when free, start after the walk, finish after the service. */
  async function driveCounter(hall: typeof halls.$inferSelect, sim: SimCounter, now: Date, waiting: number, lunch: boolean) {
    const plan = plans.get(sim.id);
    const t = now.getTime();
    if (!plan) {
      if (!seen.has(sim.id)) {
        seen.set(sim.id, hall.id);
        const state = await services.counters.state(sim.actor, sim.id);
        const current = state.ok ? state.data.current : null;
        if (current) {
          // A ticket left at this counter (a restart, or a clerk who signed out): carry on with it.
          plans.set(sim.id, { ticketId: current.id, phase: current.status === 'serving' ? 'serving' : 'called', dueAt: t, serviceMinutes: 1 });
          return;
        }
      }
      if (waiting === 0 || lunch) return;
      const called = await services.counters.callNext(sim.actor, sim.id);
      if (!outcome(called) || !called.ok || !called.data.ticket) return;
      stats.called += 1;
      const [service] = await db
        .select({ minutes: serviceTable.typicalServiceMinutes })
        .from(serviceTable)
        .where(eq(serviceTable.id, called.data.ticket.serviceId));
      const serviceMinutes = (service?.minutes ?? 8) * demoTimeScale * between(0.5, 1.6, random);
      plans.set(sim.id, { ticketId: called.data.ticket.id, phase: 'called', dueAt: t + between(15, 60, random) * 1000, serviceMinutes });
      return;
    }
    if (t < plan.dueAt) return;
    if (plan.phase === 'called') {
      if (random() < 0.06) {
        const result = await services.counters.noShow(sim.actor, sim.id);
        plans.delete(sim.id);
        if (outcome(result)) stats.noShows += 1;
        return;
      }
      const result = await services.counters.start(sim.actor, sim.id);
      if (!outcome(result)) {
        plans.delete(sim.id);
        return;
      }
      stats.started += 1;
      plans.set(sim.id, { ...plan, phase: 'serving', dueAt: t + plan.serviceMinutes * 60_000 });
      return;
    }
    plans.delete(sim.id);
    if (random() < 0.04) {
      const others = await db
        .select({ id: serviceTable.id, kind: serviceTable.kind })
        .from(serviceTable)
        .where(and(eq(serviceTable.hallId, hall.id), eq(serviceTable.active, true)));
      const [current] = await db.select({ serviceId: tickets.serviceId }).from(tickets).where(eq(tickets.id, plan.ticketId));
      const to = pickWeighted(others.filter((s) => s.id !== current?.serviceId && s.kind === 'normal'), () => 1, random);
      if (to) {
        const result = await services.counters.transfer(sim.actor, sim.id, { serviceId: to.id, note: '演示：转至其他事项' });
        if (outcome(result)) stats.transferred += 1;
        return;
      }
    }
    const done = await services.counters.complete(sim.actor, sim.id, { outcome: random() < 0.85 ? 'accepted' : 'consulted' });
    if (!outcome(done)) return;
    stats.completed += 1;
    if (random() < 0.4) await rate(plan.ticketId);
  }

  async function rate(ticketId: string) {
    const [ticket] = await db
      .select({ token: tickets.token, root: tickets.rootTicketId })
      .from(tickets)
      .where(eq(tickets.id, ticketId));
    let token = ticket?.token;
    if (ticket?.root && ticket.root !== ticketId) {
      const [root] = await db.select({ token: tickets.token }).from(tickets).where(eq(tickets.id, ticket.root));
      token = root?.token;
    }
    if (!token) return;
    const level = pickWeighted(ratingMix, (m) => m.weight, random)?.level ?? 'satisfied';
    const bad = level === 'dissatisfied' || level === 'very_dissatisfied';
    const score = () => Math.max(1, Math.min(5, Math.round((bad ? 2 : 4.5) + between(-1, 1, random))));
    const body: RatingBody = { level, efficiency: score(), serviceLevel: score(), attitude: score() };
    if (bad) body.comment = '演示：等候时间较长，窗口解释不够耐心';
    const result = await services.tickets.rate(token, body);
    if (outcome(result)) stats.rated += 1;
  }

  /** One pass over every hall. Errors are counted and logged; the demo never takes the process down. */
  async function tick() {
    stats.ticks += 1;
    const hallRows = await db.select().from(halls);
    for (const hall of hallRows) {
      if (stopped) return;
      if (options.halls && !options.halls.includes(hall.slug)) continue;
      try {
        const now = clock.now();
        const simulated = await simulatedCounters(hall.id);
        const waiting = await arrivals(hall, simulated, now);
        const lunch = await atLunch(hall, simulated, now);
        for (const sim of simulated) {
          if (stopped) return;
          await driveCounter(hall, sim, clock.now(), waiting, lunch.has(sim.id));
        }
        // A counter a clerk took over, paused or closed is no longer ours to plan for.
        const ids = new Set(simulated.map((s) => s.id));
        for (const [counterId, hallId] of [...seen]) {
          if (hallId === hall.id && !ids.has(counterId)) {
            plans.delete(counterId);
            seen.delete(counterId);
          }
        }
      } catch (error) {
        stats.errors += 1;
        log(`hall ${hall.slug}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => {
          stats.errors += 1;
          log(error instanceof Error ? error.message : String(error));
        })
        .finally(() => {
          running = null;
          schedule();
        });
    }, tickMs);
  }

  return {
    stats,
    tick,
    start() {
      if (timer || stopped) return;
      log(`started (every ${tickMs} ms)`);
      schedule();
    },
    /** Stops scheduling and waits for the pass in progress, so nothing runs after it resolves. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}

export type DemoTraffic = ReturnType<typeof createDemoTraffic>;
