import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { halls, settingsOf } from '../../../db/schema';
import type { DistrictMetrics, LiveMetrics } from '../../contracts/leader-live';
import type { Clock } from '../../domain/clock';
import { localDayBounds } from '../../domain/local-day';
import { flagHref, redFlags } from '../../domain/red-flags';
import { staffingAdvice } from '../../domain/staffing-advice';
import { countsAsServed } from '../../domain/visit-outcome';
import type { StaffActor } from '../actors';
import type { HallForecasts } from '../hall-forecasts';
import { type HallRow, findHall } from '../lookups';
import { type Result, fail, ok } from '../result';
import { type HallDay, loadHallDay } from './live-data';
import { counterFigures, serviceFigures, throughput, waitAndHandling } from './live-figures';
import { createTodayEvents } from './today-events';

const clip = (text: string, max = 24) => (text.length > max ? `${text.slice(0, max)}…` : text);

function governance(data: HallDay, now: Date): LiveMetrics['governance'] {
  return {
    pendingRefusals: data.pendingRefusals,
    openCases: data.cases.length,
    overdueCases: data.cases.filter((c) => c.deadline < now).length,
    openConditional: data.conditional.length,
    overdueConditional: data.conditional.filter((c) => c.deadline < now).length,
    openWorkOrders: data.workOrders.length,
    overdueWorkOrders: data.workOrders.filter((o) => o.stepDeadline !== null && o.stepDeadline < now).length,
  };
}

function fairness(data: HallDay): LiveMetrics['fairness'] {
  return data.events
    .filter((e) => e.type === 'ticket.called')
    .map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      number: typeof e.data.number === 'string' ? e.data.number : '',
      counterNumber: Number(e.data.counterNumber ?? 0),
      reason: typeof e.data.reason === 'string' ? e.data.reason : '',
      skipped: Math.max(0, Number(e.data.skipped ?? 0) || 0),
    }))
    .reverse();
}

/**
 * Live figures of a hall for its leaders (领导大屏): computed from today's rows on every
 * call — the socket feed calls it at most once a second per watched hall.
 */
export function createLiveMetricsService({ db, clock, forecasts }: { db: Db; clock: Clock; forecasts: HallForecasts }) {
  const todayEvents = createTodayEvents(db);

  async function compute(hall: HallRow): Promise<LiveMetrics> {
    const now = clock.now();
    const bounds = localDayBounds(now, hall.timeZone);
    const window = { ...bounds, now };
    const settings = settingsOf(hall);
    const [data, hallWaits] = await Promise.all([loadHallDay(db, todayEvents, hall, window), forecasts.forHall(hall)]);
    const serviceViews = serviceFigures(data, settings.waitTargetMinutes, (id) => hallWaits.service(id));
    const counterViews = counterFigures(data, window);
    const serviceLabel = new Map(serviceViews.map((s) => [s.id, `${s.prefix} ${s.name}`]));
    const levelsByCounter = new Map<string, string[]>();
    for (const r of data.ratings) {
      if (r.counterId) levelsByCounter.set(r.counterId, [...(levelsByCounter.get(r.counterId) ?? []), r.level]);
    }
    const thresholds = {
      waitTargetMinutes: settings.waitTargetMinutes,
      pauseFlagMinutes: settings.pauseFlagMinutes,
      idleFlagMinutes: settings.idleFlagMinutes,
      badRatingStreak: settings.badRatingStreak,
    };
    const flagServices = serviceViews.map((s) => ({ ...s, label: serviceLabel.get(s.id) ?? s.name }));
    const flagCounters = counterViews.map((c) => ({
      ...c,
      label: c.name,
      since: new Date(c.since),
      ratingLevels: levelsByCounter.get(c.id) ?? [],
    }));
    const flags = redFlags({
      now,
      thresholds,
      services: flagServices,
      counters: flagCounters,
      cases: data.cases.map((c) => ({ id: c.id, label: clip(c.description), deadline: c.deadline })),
      conditional: data.conditional.map((c) => ({ id: c.id, label: clip(c.missingItems.join('、')), deadline: c.deadline })),
      workOrders: data.workOrders.map((o) => ({ id: o.id, label: clip(o.summary), step: o.step, stepDeadline: o.stepDeadline })),
      // The ledger keeps every chosen call; the wall counts those that passed someone over.
      outOfTurn: data.events
        .filter((e) => e.type === 'ticket.called' && e.counterId && Number(e.data.skipped ?? 0) > 0)
        .map((e) => ({ counterId: e.counterId as string })),
    });
    return {
      hall: { id: hall.id, slug: hall.slug, name: hall.name },
      at: now.toISOString(),
      day: bounds.day,
      seq: hall.eventSeq,
      thresholds,
      services: serviceViews,
      ...waitAndHandling(data.tickets),
      served: {
        today: data.tickets.filter(countsAsServed).length,
        lastWeek: data.lastWeek.served,
        lastWeekDay: data.lastWeek.day,
      },
      counters: counterViews.map(({ serviceIds: _ids, ...c }) => c),
      throughput: throughput(data.tickets, hall.timeZone, now),
      satisfaction: data.satisfaction,
      governance: governance(data, now),
      flags: flags.map((f) => ({ ...f, href: flagHref(f, hall.slug) })),
      advice: staffingAdvice(flagServices, flagCounters, settings.waitTargetMinutes),
      fairness: fairness(data),
      calibration: forecasts.calibrationToday(hall),
    };
  }

  /** Leaders and admins see their own hall and the halls it oversees (HallSettings.districtHalls). */
  async function visibleHalls(actor: StaffActor): Promise<HallRow[]> {
    if (actor.role !== 'leader' && actor.role !== 'admin') return [];
    const own = await findHall(db, actor.hallId);
    if (!own) return [];
    const others = settingsOf(own).districtHalls.filter((slug) => slug !== own.slug);
    if (others.length === 0) return [own];
    const rows = await db.select().from(halls).where(inArray(halls.slug, others));
    rows.sort((a, b) => others.indexOf(a.slug) - others.indexOf(b.slug));
    return [own, ...rows];
  }

  /** A hall the actor may watch, or why not. */
  async function authorise(actor: StaffActor, ref: string): Promise<Result<HallRow>> {
    if (actor.role !== 'leader' && actor.role !== 'admin') return fail('FORBIDDEN', 'Only leaders and admins see live metrics');
    const hall = await findHall(db, ref);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const visible = await visibleHalls(actor);
    if (!visible.some((h) => h.id === hall.id)) return fail('FORBIDDEN', "This hall is outside your hall's district");
    return ok(hall);
  }

  async function hallMetrics(actor: StaffActor, ref: string): Promise<Result<LiveMetrics>> {
    const hall = await authorise(actor, ref);
    return hall.ok ? ok(await compute(hall.data)) : hall;
  }

  async function district(actor: StaffActor): Promise<Result<DistrictMetrics>> {
    if (actor.role !== 'leader' && actor.role !== 'admin') return fail('FORBIDDEN', 'Only leaders and admins see live metrics');
    const visible = await visibleHalls(actor);
    return ok({ at: clock.now().toISOString(), halls: await Promise.all(visible.map(compute)) });
  }

  /** For the socket feed: the figures of a hall by id, read fresh (the feed authorised the watcher). */
  async function ofHallId(hallId: string): Promise<LiveMetrics | null> {
    const hall = await findHall(db, hallId);
    return hall ? compute(hall) : null;
  }

  return { hallMetrics, district, visibleHalls, authorise, ofHallId };
}

export type LiveMetricsService = ReturnType<typeof createLiveMetricsService>;
