import { and, asc, count, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { counterServices, counters, events, halls, services, settingsOf, tickets } from '../../db/schema';
import type { DisplaySnapshot, HallDetail, HallSummary } from '../contracts/api';
import type { Counts } from '../contracts/realtime';
import type { Clock } from '../domain/clock';
import type { CommittedEvent, EventType } from './events';
import { onCalendar } from '../domain/hall-calendar';
import { localTime } from '../domain/hall-time';
import { takesNumbers } from '../domain/opening';
import type { HallForecasts } from './hall-forecasts';
import { findHall } from './lookups';
import { type Result, fail, ok } from './result';
import { toCounterView } from './staff-views';

async function waitingCounts(db: DbOrTx, hallId: string, day: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ serviceId: tickets.serviceId, n: count() })
    .from(tickets)
    .where(and(eq(tickets.hallId, hallId), eq(tickets.day, day), eq(tickets.status, 'waiting')))
    .groupBy(tickets.serviceId);
  return new Map(rows.map((r) => [r.serviceId, r.n]));
}

async function countersOfHall(db: DbOrTx, hallId: string) {
  const [counterRows, links, active] = await Promise.all([
    db.select().from(counters).where(eq(counters.hallId, hallId)).orderBy(asc(counters.number)),
    db
      .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(eq(counters.hallId, hallId)),
    db
      .select({ counterId: tickets.counterId, number: tickets.number, status: tickets.status })
      .from(tickets)
      .where(and(eq(tickets.hallId, hallId), inArray(tickets.status, ['called', 'serving']))),
  ]);
  return counterRows.map((c) => {
    const serving = active.find((a) => a.counterId === c.id);
    return toCounterView(
      c,
      links.filter((l) => l.counterId === c.id).map((l) => l.serviceId),
      serving ? { number: serving.number, status: serving.status } : null,
    );
  });
}

export function createHallService({
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
  async function list(): Promise<HallSummary[]> {
    return db.select({ id: halls.id, slug: halls.slug, name: halls.name }).from(halls).orderBy(asc(halls.createdAt));
  }

  async function detail(ref: string): Promise<Result<HallDetail>> {
    const hall = await findHall(db, ref);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const local = localTime(clock.now(), hall.timeZone);
    // The hall's settings and today's place on its calendar are the same for every service.
    const settings = settingsOf(hall);
    const today = onCalendar(local, settings.calendar);
    const [serviceRows, waiting, counterViews, hallWaits] = await Promise.all([
      db
        .select()
        .from(services)
        .where(and(eq(services.hallId, hall.id), eq(services.active, true)))
        .orderBy(asc(services.sortOrder), asc(services.prefix)),
      waitingCounts(db, hall.id, local.day),
      countersOfHall(db, hall.id),
      forecasts.forHall(hall),
    ]);
    const serviceViews = serviceRows.map((s) => {
        const n = waiting.get(s.id) ?? 0;
        const eta = hallWaits.service(s.id);
        return {
          id: s.id,
          name: s.name,
          prefix: s.prefix,
          kind: s.kind,
          waiting: n,
          etaMinutes: { low: eta.low, high: eta.high },
          instantApproval: s.instantApproval,
          guide: s.guide,
          dailyCap: s.dailyCap,
          openingHours: s.openingHours,
          openNow: takesNumbers(settings.enforceHours, s.openingHours, today),
        };
    });
    return ok({
      id: hall.id,
      slug: hall.slug,
      name: hall.name,
      address: hall.address,
      services: serviceViews,
      counters: counterViews,
      // The phone field promises texts only when the hall wants them and the server can send them.
      textsOnCall: settings.smsOnCall && textsOnCallConfigured,
      contactRetentionDays: settings.contactRetentionDays,
    });
  }

  /**
   * Everything a hall screen shows, read in one repeatable-read transaction so the
   * seq and the state it describes agree: a client applies events after `seq`.
   */
  async function snapshot(ref: string): Promise<Result<DisplaySnapshot>> {
    return db.transaction(
      async (tx) => {
        const hall = await findHall(tx, ref);
        if (!hall) return fail('NOT_FOUND', 'Hall not found');
        const local = localTime(clock.now(), hall.timeZone);
        const settings = settingsOf(hall);
        const [serviceRows, waiting, counterViews, calls] = await Promise.all([
          tx
            .select({ id: services.id, name: services.name, prefix: services.prefix })
            .from(services)
            .where(and(eq(services.hallId, hall.id), eq(services.active, true)))
            .orderBy(asc(services.sortOrder), asc(services.prefix)),
          waitingCounts(tx, hall.id, local.day),
          countersOfHall(tx, hall.id),
          tx
            .select({ seq: events.seq, data: events.data, at: events.at })
            .from(events)
            .where(and(eq(events.hallId, hall.id), inArray(events.type, ['ticket.called', 'ticket.recalled'])))
            .orderBy(desc(events.seq))
            .limit(10),
        ]);
        return ok({
          seq: hall.eventSeq,
          hall: { id: hall.id, slug: hall.slug, name: hall.name },
          counters: counterViews.map((c) => ({
            id: c.id,
            number: c.number,
            name: c.name,
            status: c.status,
            pauseReason: c.pauseReason,
            serving: c.serving ? { number: c.serving.number } : null,
          })),
          services: serviceRows.map((s) => ({ ...s, waiting: waiting.get(s.id) ?? 0 })),
          recentCalls: calls
            .filter((c) => localTime(c.at, hall.timeZone).day === local.day)
            .map((c) => ({
              seq: c.seq,
              number: typeof c.data.number === 'string' ? c.data.number : '',
              counterNumber: Number(c.data.counterNumber ?? 0),
              at: c.at.toISOString(),
            })),
          notices: settings.notices,
          voice: { template: settings.callTemplate, repeat: settings.callRepeat },
          urgentNotice: settings.urgentNotice,
        });
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  async function find(ref: string): Promise<HallSummary | null> {
    const hall = await findHall(db, ref);
    return hall ? { id: hall.id, slug: hall.slug, name: hall.name } : null;
  }

  async function latestSeqs(hallIds: string[]): Promise<Map<string, number>> {
    if (hallIds.length === 0) return new Map();
    const rows = await db.select({ id: halls.id, seq: halls.eventSeq }).from(halls).where(inArray(halls.id, hallIds));
    return new Map(rows.map((r) => [r.id, r.seq]));
  }

  async function latestSeq(hallId: string): Promise<number> {
    return (await latestSeqs([hallId])).get(hallId) ?? 0;
  }

  /** Committed events after `since`, in seq order: how a client fills a gap. */
  async function eventsSince(hallId: string, since: number, limit: number): Promise<CommittedEvent[]> {
    const rows = await db
      .select({ seq: events.seq, type: events.type, at: events.at, data: events.data })
      .from(events)
      .where(and(eq(events.hallId, hallId), gt(events.seq, since)))
      .orderBy(asc(events.seq))
      .limit(limit);
    return rows.map((r) => ({ hallId, seq: r.seq, type: r.type as EventType, at: r.at.toISOString(), data: r.data }));
  }

  /** Waiting per service now, with the seq it was read at. */
  async function waitingCountsOf(hallId: string): Promise<Counts> {
    return db.transaction(
      async (tx) => {
        const [hall] = await tx.select().from(halls).where(eq(halls.id, hallId));
        if (!hall) return { seq: 0, services: [] };
        const day = localTime(clock.now(), hall.timeZone).day;
        const [serviceRows, waiting] = await Promise.all([
          tx.select({ id: services.id }).from(services).where(eq(services.hallId, hallId)),
          waitingCounts(tx, hallId, day),
        ]);
        return { seq: hall.eventSeq, services: serviceRows.map((r) => ({ id: r.id, waiting: waiting.get(r.id) ?? 0 })) };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  return { list, detail, snapshot, find, latestSeq, latestSeqs, eventsSince, waitingCounts: waitingCountsOf };
}

export type HallService = ReturnType<typeof createHallService>;
