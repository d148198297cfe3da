import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { services, settingsOf, tickets } from '../../db/schema';
import type { HallHome, HallWaits, HomeService } from '../contracts/citizen';
import type { Clock } from '../domain/clock';
import { onCalendar } from '../domain/hall-calendar';
import { localTime } from '../domain/hall-time';
import { hallTakesNumbers, nextOpening, takesNumbers, weekHours } from '../domain/opening';
import type { HallForecasts, HallWaitsNow } from './hall-forecasts';
import { type HallRow, type ServiceRow, findHall } from './lookups';
import { type Result, fail, ok } from './result';

/**
 * The citizen's view of a hall: its services with their guides and live waits, hours,
 * address and notices. Read only; the home page renders it and polls the waits.
 */
export function createHallHomeService({
  db,
  clock,
  forecasts,
  textsOnCallConfigured = false,
}: {
  db: Db;
  clock: Clock;
  forecasts: HallForecasts;
  /** The server can text "请到 N 号窗口" (an SMS account and its called template are set). */
  textsOnCallConfigured?: boolean;
}) {
  async function load(ref: string) {
    const hall = await findHall(db, ref);
    if (!hall) return null;
    const now = clock.now();
    const local = localTime(now, hall.timeZone);
    const [rows, counts] = await Promise.all([
      db
        .select()
        .from(services)
        .where(and(eq(services.hallId, hall.id), eq(services.active, true)))
        .orderBy(asc(services.sortOrder), asc(services.prefix)),
      db
        .select({ serviceId: tickets.serviceId, n: count() })
        .from(tickets)
        .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, local.day), eq(tickets.status, 'waiting')))
        .groupBy(tickets.serviceId),
    ]);
    const waiting = new Map(counts.map((c) => [c.serviceId, c.n]));
    const hallWaits = await forecasts.forHall(hall);
    const waits = rows.map((s) => waitOf(hall, hallWaits, s, waiting.get(s.id) ?? 0, local));
    return { hall, now, local, rows, waits };
  }

  function waitOf(hall: HallRow, hallWaits: HallWaitsNow, s: ServiceRow, n: number, local: ReturnType<typeof localTime>) {
    const eta = hallWaits.service(s.id);
    const { enforceHours, calendar } = settingsOf(hall);
    const openNow = takesNumbers(enforceHours, s.openingHours, onCalendar(local, calendar));
    return {
      id: s.id,
      waiting: n,
      etaMinutes: { low: eta.low, high: eta.high },
      openNow,
      nextOpening: openNow ? null : nextOpening(s.openingHours, local, calendar),
    };
  }

  async function home(ref: string): Promise<Result<HallHome>> {
    const loaded = await load(ref);
    if (!loaded) return fail('NOT_FOUND', 'Hall not found');
    const { hall, now, local, rows, waits } = loaded;
    const settings = settingsOf(hall);
    const allHours = rows.map((s) => s.openingHours);
    const open = hallTakesNumbers(settings.enforceHours, allHours, onCalendar(local, settings.calendar));
    const merged = rows.flatMap((s) => s.openingHours);
    const homeServices: HomeService[] = rows.map((s, i) => ({
      ...(waits[i] as HallWaits['services'][number]),
      name: s.name,
      prefix: s.prefix,
      kind: s.kind,
      instantApproval: s.instantApproval,
      onlineUrl: s.onlineUrl,
      promisedDays: s.promisedDays,
      guide: s.guide,
      dailyCap: s.dailyCap,
      openingHours: s.openingHours,
    }));
    return ok({
      hall: { id: hall.id, slug: hall.slug, name: hall.name, address: hall.address },
      at: now.toISOString(),
      openNow: open,
      nextOpening: open ? null : nextOpening(merged, local, settings.calendar),
      hours: weekHours(allHours),
      notices: settings.notices,
      limits: { perPhonePerDay: settings.ticketsPerPhonePerDay },
      // The phone field promises texts only when the hall wants them and the server can send them.
      textsOnCall: settings.smsOnCall && textsOnCallConfigured,
      contactRetentionDays: settings.contactRetentionDays,
      services: homeServices,
    });
  }

  async function waits(ref: string): Promise<Result<HallWaits>> {
    const loaded = await load(ref);
    if (!loaded) return fail('NOT_FOUND', 'Hall not found');
    return ok({ at: loaded.now.toISOString(), services: loaded.waits });
  }

  return { home, waits };
}

export type HallHomeService = ReturnType<typeof createHallHomeService>;
