/**
 * The range around a forecast wait, calibrated from the hall's own recent errors: for the
 * tickets called lately, how far the actual wait fell from the wait expected when the
 * estimate was first given. Errors grow with the wait, but a short wait still misses by a
 * few minutes (a walk-up, one slow case), so the error is measured relative to
 * `expected + floorMinutes`: the range is `expected + (expected + floor) × [qLow, qHigh]`.
 * With few samples of a service the hall's pooled errors are used, and with few of those a
 * wide default range that says it is rough ('little_history').
 */

export interface ErrorSample {
  serviceId: string;
  /** Minutes expected from the moment the estimate was given to the call. */
  expected: number;
  /** Minutes it actually took. */
  actual: number;
}

export interface Spread {
  low: number;
  high: number;
  samples: number;
}

export interface Calibration {
  services: Map<string, Spread>;
  hall: Spread | null;
}

/** The additive part of the scale: a 0-minute forecast still misses by a few minutes. */
export const floorMinutes = 5;
/** Fewer samples than this and the quantiles are not trusted. */
export const minSamples = 12;
/** The quantiles of the relative error the range spans: ~84% inside, ≤ 8% above. */
const qLow = 0.08;
const qHigh = 0.92;
/** Used before the hall has history: wide, and said to be rough. */
export const coldSpread: Spread = { low: -0.6, high: 1.0, samples: 0 };

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.ceil(pos)] ?? a;
  return a + (b - a) * (pos - lo);
}

export function relativeError(sample: Pick<ErrorSample, 'expected' | 'actual'>): number {
  return (sample.actual - sample.expected) / (Math.max(0, sample.expected) + floorMinutes);
}

function spreadOf(errors: number[]): Spread | null {
  if (errors.length < minSamples) return null;
  const sorted = [...errors].sort((a, b) => a - b);
  // Never narrower than ±15% of the scale: a run of lucky forecasts is not a promise.
  return {
    low: Math.min(-0.15, quantile(sorted, qLow)),
    high: Math.max(0.15, quantile(sorted, qHigh)),
    samples: errors.length,
  };
}

export function calibrate(samples: readonly ErrorSample[]): Calibration {
  const byService = new Map<string, number[]>();
  const all: number[] = [];
  for (const s of samples) {
    if (!Number.isFinite(s.expected) || !Number.isFinite(s.actual)) continue;
    const e = relativeError(s);
    all.push(e);
    byService.set(s.serviceId, [...(byService.get(s.serviceId) ?? []), e]);
  }
  const services = new Map<string, Spread>();
  for (const [id, errors] of byService) {
    const spread = spreadOf(errors);
    if (spread) services.set(id, spread);
  }
  return { services, hall: spreadOf(all) };
}

export interface WaitRange {
  low: number;
  high: number;
  /** The range comes from the cold-start default. */
  rough: boolean;
}

/** The range shown for a wait expected to take `expected` minutes from now. */
export function rangeOf(expected: number, serviceId: string, calibration: Calibration): WaitRange {
  const e = Math.max(0, expected);
  const spread = calibration.services.get(serviceId) ?? calibration.hall;
  const s = spread ?? coldSpread;
  const scale = e + floorMinutes;
  const low = Math.max(0, Math.floor(e + s.low * scale));
  const high = Math.max(low + 1, Math.ceil(e + s.high * scale));
  return { low, high, rough: spread === null };
}
