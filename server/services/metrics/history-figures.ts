import type { MetricsDimension } from '../../../db/schema';

/**
 * The additive figures of one (day, dimension, key): counts and sums only, so days add up
 * into weeks and months exactly and the rollup table holds the same numbers as a live read.
 *
 * Definitions (tickets belong to their hall-local issue day; a transfer continuation is its
 * own ticket row in the service it was sent to):
 * - issued: tickets that started a visit (they have a daily number, seq not null);
 * - called: tickets that reached a counter (called_at set);
 * - served: tickets completed, except those ended by an approved refusal (outcome 'refused');
 * - noShows, cancelled, transferred: tickets whose final status is no_show, cancelled, transferred;
 * - wait: called_at − the later of queued_at and issued_at (a continuation waits from its
 *   transfer, an appointment from its slot), over called tickets;
 * - walk-to-counter: started_at − called_at, over started tickets;
 * - service: finished_at − started_at, over started tickets that ended completed or transferred;
 * - open / idle: seconds a counter was open / open without a called or serving ticket,
 *   replayed from its events of the day (see history-day.ts); zero for services;
 * - ratings (好差评): by hall-local day of the rating; excluded (appealed) ratings never count;
 *   indicator sums and counts over ratings that gave the indicator;
 * - refusals: 否定报备 requested that day (and how many of them were approved, at any time);
 * - cases: 办不成事 cases opened that day.
 * Attribution: service, counter and staff of the ticket; a rating, refusal or case goes to the
 * ticket of its visit that reached a counter last, its counter to the rating's / refusal's own.
 */
export interface DayFigures {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  cancelled: number;
  transferred: number;
  waitCount: number;
  waitSeconds: number;
  walkCount: number;
  walkSeconds: number;
  serviceCount: number;
  serviceSeconds: number;
  openSeconds: number;
  idleSeconds: number;
  rated: number;
  verySatisfied: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  veryDissatisfied: number;
  efficiencyCount: number;
  efficiencySum: number;
  serviceLevelCount: number;
  serviceLevelSum: number;
  attitudeCount: number;
  attitudeSum: number;
  refusals: number;
  refusalsApproved: number;
  cases: number;
}

export const figureKeys = [
  'issued',
  'called',
  'served',
  'noShows',
  'cancelled',
  'transferred',
  'waitCount',
  'waitSeconds',
  'walkCount',
  'walkSeconds',
  'serviceCount',
  'serviceSeconds',
  'openSeconds',
  'idleSeconds',
  'rated',
  'verySatisfied',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'veryDissatisfied',
  'efficiencyCount',
  'efficiencySum',
  'serviceLevelCount',
  'serviceLevelSum',
  'attitudeCount',
  'attitudeSum',
  'refusals',
  'refusalsApproved',
  'cases',
] as const satisfies readonly (keyof DayFigures)[];

export function emptyFigures(): DayFigures {
  return Object.fromEntries(figureKeys.map((k) => [k, 0])) as unknown as DayFigures;
}

export function addFigures(into: DayFigures, from: DayFigures): void {
  for (const k of figureKeys) into[k] += from[k];
}

/** One day's figures per dimension and key ('' = the hall, or nothing attributed). */
export type DayRollup = Record<MetricsDimension, Map<string, DayFigures>>;

export function emptyRollup(): DayRollup {
  return { hall: new Map([['', emptyFigures()]]), service: new Map(), counter: new Map(), staff: new Map() };
}

export interface Attribution {
  service: string | null;
  counter: string | null;
  staff: string | null;
}

/** Adds to the hall row and to the row of each dimension the item is attributed to. */
export function addTo(rollup: DayRollup, who: Attribution, change: (f: DayFigures) => void, skipService = false): void {
  const keys: [MetricsDimension, string][] = [
    ['hall', ''],
    ['service', who.service ?? ''],
    ['counter', who.counter ?? ''],
    ['staff', who.staff ?? ''],
  ];
  for (const [dim, key] of keys) {
    if (skipService && dim === 'service') continue;
    let row = rollup[dim].get(key);
    if (!row) {
      row = emptyFigures();
      rollup[dim].set(key, row);
    }
    change(row);
  }
}
