import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { counterServices, counters, dailyCounters, halls, refusals, services, staff, unresolvedCases } from '../../db/schema';
import { eventColumns, insertJson, ratingColumns, snake, ticketColumns } from './bulk-insert';
import type { Clock } from '../domain/clock';
import { addDays, eachDay } from '../domain/hall-day';
import { localTime } from '../domain/hall-time';
import { rollUpClosedDays, rolledDays } from '../services/metrics/history-rollup';
import { type DayRecords, simulateDay } from './day-model';
import type { SimHall } from './types';

export interface SimulateRequest {
  /** Hall slugs; all halls when omitted. */
  halls?: string[] | undefined;
  days: number;
  seed: string;
  scale: number;
  /** The last simulated day; yesterday in each hall when omitted (today is left to real traffic). */
  endDay?: string | undefined;
  clock: Clock;
  log?: (line: string) => void;
}

export interface SimulateSummary {
  written: { hall: string; day: string; tickets: number; events: number }[];
  skipped: { hall: string; day: string }[];
  rolledUp: number;
}

export async function loadHall(db: Db, hall: typeof halls.$inferSelect): Promise<SimHall> {
  const [serviceRows, counterRows, links, staffRows] = await Promise.all([
    db.select().from(services).where(and(eq(services.hallId, hall.id), eq(services.active, true))).orderBy(asc(services.sortOrder)),
    db.select().from(counters).where(eq(counters.hallId, hall.id)).orderBy(asc(counters.number)),
    db.select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId }).from(counterServices).innerJoin(counters, eq(counters.id, counterServices.counterId)).where(eq(counters.hallId, hall.id)),
    db.select().from(staff).where(and(eq(staff.hallId, hall.id), eq(staff.active, true))).orderBy(asc(staff.username)),
  ]);
  const active = new Set(serviceRows.map((s) => s.id));
  return {
    id: hall.id,
    slug: hall.slug,
    timeZone: hall.timeZone,
    services: serviceRows.map((s) => ({ id: s.id, prefix: s.prefix, kind: s.kind, typicalServiceMinutes: s.typicalServiceMinutes, openingHours: s.openingHours })),
    counters: counterRows.map((c) => ({
      id: c.id,
      number: c.number,
      serviceIds: links.filter((l) => l.counterId === c.id && active.has(l.serviceId)).map((l) => l.serviceId),
      staffId: staffRows.find((s) => s.role === 'staff' && s.counterId === c.id)?.id ?? null,
      spare: c.status === 'closed',
    })),
    leaderId: staffRows.find((s) => s.role === 'leader')?.id ?? null,
  };
}

/**
 * Writes one hall-day in one transaction: the events take the hall's next gapless seqs
 * (the hall row is locked by the bump, as appendEvents does), rows go in bulk batches.
 */
export async function writeDay(db: Db, hallId: string, r: DayRecords): Promise<void> {
  await db.transaction(async (tx) => {
    const [bumped] = await tx
      .update(halls)
      .set({ eventSeq: sql`${halls.eventSeq} + ${r.events.length}` })
      .where(eq(halls.id, hallId))
      .returning({ eventSeq: halls.eventSeq });
    if (!bumped) throw new Error('hall vanished');
    const base = bumped.eventSeq - r.events.length;
    await insertJson(tx, 'tickets', ticketColumns, r.tickets.map((t) => snake({ ...t })));
    const rows = r.events.map((e, i) => snake({ hallId, seq: base + 1 + i, type: e.type, at: e.at, ticketId: e.ticketId, counterId: e.counterId, actor: e.actor, data: e.data }));
    await insertJson(tx, 'events', eventColumns, rows);
    await insertJson(tx, 'ratings', ratingColumns, r.ratings.map((x) => snake({ ...x })));
    if (r.refusals.length > 0) await tx.insert(refusals).values(r.refusals);
    if (r.cases.length > 0) await tx.insert(unresolvedCases).values(r.cases);
    if (r.dailyCounters.length > 0) await tx.insert(dailyCounters).values(r.dailyCounters);
  });
}

/**
 * Simulates the history of the halls day by day, then rolls the days up. A day that already
 * has tickets or a rollup is never touched (it is skipped and reported), so a second run only
 * fills gaps and a rerun with the same seed writes the same figures.
 */
export async function simulateHistory(db: Db, req: SimulateRequest): Promise<SimulateSummary> {
  const log = req.log ?? (() => {});
  const hallRows = await db.select().from(halls).where(req.halls ? inArray(halls.slug, req.halls) : undefined).orderBy(asc(halls.slug));
  const missing = (req.halls ?? []).filter((slug) => !hallRows.some((h) => h.slug === slug));
  if (missing.length > 0) throw new Error(`no such hall: ${missing.join(', ')}`);
  const summary: SimulateSummary = { written: [], skipped: [], rolledUp: 0 };
  for (const row of hallRows) {
    const hall = await loadHall(db, row);
    const end = req.endDay ?? addDays(localTime(req.clock.now(), row.timeZone).day, -1);
    const from = addDays(end, 1 - req.days);
    const taken = new Set(
      (
        await db
          .selectDistinct({ day: dailyCounters.day })
          .from(dailyCounters)
          .where(and(eq(dailyCounters.hallId, row.id), gte(dailyCounters.day, from), lte(dailyCounters.day, end)))
      ).map((d) => d.day),
    );
    // A rolled-up day is settled history, even one without tickets (a Sunday).
    for (const day of (await rolledDays(db, row.id, from, end)).keys()) taken.add(day);
    for (const day of eachDay(from, end)) {
      if (taken.has(day)) {
        summary.skipped.push({ hall: row.slug, day });
        continue;
      }
      const records = simulateDay(hall, day, { seed: req.seed, scale: req.scale });
      await writeDay(db, row.id, records);
      summary.written.push({ hall: row.slug, day, tickets: records.tickets.length, events: records.events.length });
      if (summary.written.length % 30 === 0) log(`${row.slug} ${day}: ${summary.written.length} hall-days written`);
    }
  }
  summary.rolledUp = await rollUpClosedDays(db, req.clock);
  return summary;
}
