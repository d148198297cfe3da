import { and, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { events } from '../../../db/schema';

/**
 * Today's events of a hall without an index on time: the events table is keyed by
 * (hall, seq), and seqs grow with time, so the first seq of the day is found once by
 * bisection (about twenty key lookups) and cached; each read is then a key range scan.
 */
export function createTodayEvents(db: Db) {
  const firstSeqs = new Map<string, { day: string; seq: number }>();

  async function atOf(hallId: string, seq: number): Promise<Date | null> {
    const [row] = await db
      .select({ at: events.at })
      .from(events)
      .where(and(eq(events.hallId, hallId), eq(events.seq, seq)));
    return row?.at ?? null;
  }

  /** The first seq at or after `start`; lastSeq + 1 while the day has no event yet. */
  async function firstSeqOfDay(hallId: string, day: string, start: Date, lastSeq: number): Promise<number> {
    const cached = firstSeqs.get(hallId);
    if (cached?.day === day) return cached.seq;
    let lo = 1;
    let hi = lastSeq + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const at = await atOf(hallId, mid);
      if (!at || at >= start) hi = mid;
      else lo = mid + 1;
    }
    firstSeqs.set(hallId, { day, seq: lo });
    return lo;
  }

  /**
   * Today's counter status changes and out-of-turn calls (the fairness ledger). The time
   * filter stays too, in case events were ever written out of time order (a back-filled
   * history): those are merely missed from the range, never counted on the wrong day.
   */
  async function read(hallId: string, day: string, start: Date, end: Date, lastSeq: number) {
    const first = await firstSeqOfDay(hallId, day, start, lastSeq);
    return db
      .select({ seq: events.seq, type: events.type, at: events.at, counterId: events.counterId, data: events.data })
      .from(events)
      .where(
        and(
          eq(events.hallId, hallId),
          gte(events.seq, first),
          gte(events.at, start),
          lt(events.at, end),
          or(eq(events.type, 'counter.updated'), and(eq(events.type, 'ticket.called'), sql`${events.data}->>'outOfTurn' = 'true'`)),
        ),
      )
      .orderBy(events.seq);
  }

  return { read };
}
