import { eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { halls, tickets } from '../../db/schema';
import type { EtaReason } from '../contracts/api';
import type { Clock } from '../domain/clock';
import { type HallForecast, type TicketForecast, forecastHall } from '../domain/hall-forecast';
import { localTime } from '../domain/hall-time';
import { type Calibration, type ErrorSample, calibrate, rangeOf } from '../domain/wait-range';
import { loadForecastInput } from './forecast-inputs';
import type { HallRow } from './lookups';

/**
 * One forward play per hall change, shared by every surface that shows a wait (ticket page,
 * the phones' `queue` push, hall home, kiosk, volunteer, halls API, leader screen): the play
 * is cached per hall under the hall's event seq — any event of the hall makes it stale — and
 * for at most a minute of the clock (the cases in service grow older without events).
 *
 * It also keeps, in memory and per hall-day, what it told each ticket (the expected call at
 * first sight and when 10, 5 and 3 were ahead) and, once the ticket is called, how far off
 * it was: those errors calibrate the range (domain/wait-range.ts), and the share of tickets
 * whose first range held their wait is the leader screen's calibration figure. A restart
 * starts cold: the range is then the wide default and says 'little_history'.
 */
export interface Eta {
  low: number;
  high: number;
  /** The forward play's expected wait in minutes (the range's anchor). */
  expected: number;
  reasons: EtaReason[];
}

export interface HallWaitsNow {
  at: Date;
  /** A waiting ticket's wait; null for one not waiting in this hall now. */
  ticket(ticketId: string): Eta | null;
  /** The wait of a number taken now for the service. */
  service(serviceId: string): Eta;
}

export interface CalibrationToday {
  /** Tickets called today whose wait could be checked against the range shown at their issue. */
  samples: number;
  /** Of those, how many were called inside it. */
  inside: number;
}

const maxAgeMs = 60_000;
const maxSamples = 400;
const checkpoints = [10, 5, 3] as const;

interface Told {
  at: number;
  expectedAt: number;
  serviceId: string;
  low: number;
  high: number;
  first: boolean;
}

interface Memory {
  day: string;
  told: Map<string, Told[]>;
  /** Checkpoints a ticket has passed (10, 5, 3 ahead). */
  passed: Map<string, Set<number>>;
  samples: ErrorSample[];
  calibration: Calibration;
  firstTotal: number;
  firstInside: number;
}

interface Entry {
  seq: number;
  computedAt: number;
  forecast: HallForecast;
  byId: Map<string, TicketForecast>;
  cold: Set<string>;
  counterMinutes: ReadonlyMap<string, number>;
  calibration: Calibration;
}

/** forHall's source for "the last play, never a new one" (lastForHall). */
const lastPlayOnly = Symbol('last play only');

export function createHallForecasts({ db, clock }: { db: Db; clock: Clock }) {
  const cache = new Map<string, Entry>();
  /** The play under way per hall: callers at the same seq share it instead of playing again. */
  const playing = new Map<string, { seq: number; entry: Promise<Entry> }>();
  const memories = new Map<string, Memory>();

  function memoryOf(hallId: string, day: string): Memory {
    let m = memories.get(hallId);
    if (!m || m.day !== day) {
      m = { day, told: new Map(), passed: new Map(), samples: [], calibration: calibrate([]), firstTotal: 0, firstInside: 0 };
      memories.set(hallId, m);
    }
    return m;
  }

  function etaOf(entry: Entry, serviceId: string, callAt: number | null, reasons: readonly string[], fallbackAhead: number, now: number): Eta {
    const minutes = entry.counterMinutes.get(serviceId) ?? 10;
    // Nobody can call it now: count the work ahead as if one counter served it, and say why.
    const expected = callAt === null ? fallbackAhead * minutes : Math.max(0, (callAt - now) / 60_000);
    const range = rangeOf(expected, serviceId, entry.calibration);
    const all = new Set(reasons as EtaReason[]);
    if (range.rough || entry.cold.has(serviceId)) all.add('little_history');
    return { low: range.low, high: range.high, expected: Math.round(expected * 10) / 10, reasons: [...all] };
  }

  /** Records what the tickets are told now, and settles what was told to those called since. */
  async function learn(hall: HallRow, entry: Entry, now: number): Promise<void> {
    const memory = memoryOf(hall.id, localTime(new Date(now), hall.timeZone).day);
    const waitingIds = new Set(entry.byId.keys());
    const gone = [...memory.told.keys()].filter((id) => !waitingIds.has(id));
    if (gone.length > 0) {
      const rows = await db.select({ id: tickets.id, calledAt: tickets.calledAt }).from(tickets).where(inArray(tickets.id, gone));
      for (const row of rows) {
        for (const told of memory.told.get(row.id) ?? []) {
          if (!row.calledAt) continue;
          const actual = (row.calledAt.getTime() - told.at) / 60_000;
          memory.samples.push({ serviceId: told.serviceId, expected: (told.expectedAt - told.at) / 60_000, actual });
          if (told.first) {
            memory.firstTotal += 1;
            if (actual >= told.low - 0.5 && actual <= told.high + 0.5) memory.firstInside += 1;
          }
        }
      }
      for (const id of gone) {
        memory.told.delete(id);
        memory.passed.delete(id);
      }
      if (memory.samples.length > maxSamples) memory.samples.splice(0, memory.samples.length - maxSamples);
      memory.calibration = calibrate(memory.samples);
    }
    entry.calibration = memory.calibration;
    const aheadInService = new Map<string, number>();
    for (const f of entry.forecast.tickets) {
      const ahead = aheadInService.get(f.serviceId) ?? 0;
      aheadInService.set(f.serviceId, ahead + 1);
      if (f.callAt === null) continue;
      const told = memory.told.get(f.id);
      const passed = memory.passed.get(f.id) ?? new Set<number>();
      const due = checkpoints.filter((k) => ahead <= k && !passed.has(k));
      if (told && due.length === 0) continue;
      const eta = etaOf(entry, f.serviceId, f.callAt, f.reasons, ahead, now);
      const record: Told = { at: now, expectedAt: f.callAt, serviceId: f.serviceId, low: eta.low, high: eta.high, first: !told };
      memory.told.set(f.id, [...(told ?? []), record]);
      for (const k of checkpoints) if (ahead <= k) passed.add(k);
      memory.passed.set(f.id, passed);
    }
  }

  async function compute(hall: HallRow, source: DbOrTx, now: Date): Promise<Entry> {
    const input = await loadForecastInput(source, hall, now);
    const forecast = forecastHall(input);
    const memory = memories.get(hall.id);
    return {
      seq: hall.eventSeq,
      computedAt: now.getTime(),
      forecast,
      byId: new Map(forecast.tickets.map((t) => [t.id, t])),
      cold: input.coldServices,
      counterMinutes: input.counterMinutes,
      calibration: memory && memory.day === localTime(now, hall.timeZone).day ? memory.calibration : calibrate([]),
    };
  }

  /**
   * The hall's waits now. Inside a transaction (`source` not the app's handle) the play sees
   * that transaction's rows and is neither cached nor learnt from.
   */
  async function forHall(hall: HallRow, source: DbOrTx | typeof lastPlayOnly = db): Promise<HallWaitsNow> {
    const now = clock.now();
    const t = now.getTime();
    let entry = cache.get(hall.id);
    // The caller's hall row may predate its own command (取号 reads the hall first): ask for the seq now.
    const [current] = source === db ? await db.select({ seq: halls.eventSeq }).from(halls).where(eq(halls.id, hall.id)) : [];
    const seq = current?.seq ?? hall.eventSeq;
    const fresh =
      (source === lastPlayOnly && entry !== undefined) ||
      (entry && source === db && entry.seq === seq && t >= entry.computedAt && t - entry.computedAt < maxAgeMs);
    // Inside a command's transaction (取号 holding its service's counter row) the last play is
    // good enough: playing the whole hall there would hold that lock for the length of the play
    // and queue every other 取号 of the service behind it.
    const insideCommand = source !== db && entry !== undefined;
    if (!insideCommand && (!fresh || !entry)) {
      if (source === lastPlayOnly) throw new Error('lastForHall without a play');
      if (source === db) {
        const under = playing.get(hall.id);
        if (under && under.seq === seq) entry = await under.entry;
        else {
          const play = (async () => {
            const e = await compute({ ...hall, eventSeq: seq }, db, now);
            await learn(hall, e, t);
            cache.set(hall.id, e);
            return e;
          })();
          const mine = { seq, entry: play };
          playing.set(hall.id, mine);
          try {
            entry = await play;
          } finally {
            if (playing.get(hall.id) === mine) playing.delete(hall.id);
          }
        }
      } else entry = await compute({ ...hall, eventSeq: seq }, source, now);
    }
    if (!entry) throw new Error('forecast entry missing');
    const e = entry;
    const queueIndex = new Map<string, number>();
    const perService = new Map<string, number>();
    for (const f of e.forecast.tickets) {
      const n = perService.get(f.serviceId) ?? 0;
      queueIndex.set(f.id, n);
      perService.set(f.serviceId, n + 1);
    }
    return {
      at: now,
      ticket(ticketId) {
        const f = e.byId.get(ticketId);
        return f ? etaOf(e, f.serviceId, f.callAt, f.reasons, queueIndex.get(ticketId) ?? 0, t) : null;
      },
      service(serviceId) {
        const s = e.forecast.services.get(serviceId);
        return etaOf(e, serviceId, s?.nextCallAt ?? null, s?.reasons ?? ['no_open_counter'], perService.get(serviceId) ?? 0, t);
      },
    };
  }

  /**
   * The last play of the hall, whatever has happened since (null before the first). 取号 answers
   * from it: playing the whole hall on every 取号 made the play, not the numbering, the cost of
   * a number when the queue is long, and starved the transactions holding the counter rows.
   */
  async function lastForHall(hall: HallRow): Promise<HallWaitsNow | null> {
    if (!cache.has(hall.id)) return null;
    return forHall(hall, lastPlayOnly);
  }

  /** Today's calibration figure of the hall, or null before any ticket could be checked. */
  function calibrationToday(hall: HallRow): CalibrationToday | null {
    const memory = memories.get(hall.id);
    if (!memory || memory.day !== localTime(clock.now(), hall.timeZone).day || memory.firstTotal === 0) return null;
    return { samples: memory.firstTotal, inside: memory.firstInside };
  }

  return { forHall, lastForHall, calibrationToday };
}

export type HallForecasts = ReturnType<typeof createHallForecasts>;
