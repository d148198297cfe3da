/**
 * An honest wait estimate is a range, with the reason when it is wide or growing.
 * It divides the work ahead (people ahead × recent service time) by the counters
 * open for the service; the low end uses the quicker quartile of recent service
 * times, the high end the slower one.
 */
export interface WaitInput {
  /** People the ticket still has in front of it. */
  ahead: number;
  /** Counters open now that serve the service (a general counter counts as one). */
  openCounters: number;
  /** Counters that could serve it if opened. */
  totalCounters: number;
  /** Service times in minutes of recently completed tickets of this service. */
  recentServiceMinutes: readonly number[];
  /** Used until there are at least `minSamples` recent service times. */
  typicalServiceMinutes: number;
  /** Counters that serve it but are paused now (暂停服务): the citizen is told why the wait grew. */
  pausedCounters?: number;
  /**
   * Cases in service at its open counters that have already run far longer than usual
   * (see `isLongCase`): each may hold its counter for about one more service, so it widens
   * the high end and the citizen is told a long case is ahead.
   */
  longCases?: number;
}

export type WaitReason =
  | 'no_open_counter'
  | 'few_counters_open'
  | 'counters_paused'
  | 'long_case_ahead'
  | 'long_service_times'
  | 'little_history';

export interface WaitEstimate {
  low: number;
  high: number;
  reasons: WaitReason[];
}

const minSamples = 5;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * A case in service counts as long once it has run twice the service's usual time (and
 * at least 10 minutes, so a 3-minute service is not "long" at 7): past that point the
 * usual quartiles say nothing about when the counter is free again.
 */
export function isLongCase(servingMinutes: number, usualServiceMinutes: number): boolean {
  return servingMinutes >= Math.max(2 * usualServiceMinutes, 10);
}

/** The service time a rule should plan with: the median of recent ones, or the typical one. */
export function usualServiceMinutes(recentServiceMinutes: readonly number[], typicalServiceMinutes: number): number {
  const samples = recentServiceMinutes.filter((m) => Number.isFinite(m) && m >= 0);
  if (samples.length < minSamples) return typicalServiceMinutes;
  return quantile([...samples].sort((x, y) => x - y), 0.5);
}

export function estimateWait(input: WaitInput): WaitEstimate {
  const reasons: WaitReason[] = [];
  const ahead = Math.max(0, input.ahead);
  let fast: number;
  let slow: number;
  const samples = input.recentServiceMinutes.filter((m) => Number.isFinite(m) && m >= 0);
  if (samples.length >= minSamples) {
    const sorted = [...samples].sort((x, y) => x - y);
    fast = Math.max(0.5, quantile(sorted, 0.25));
    slow = Math.max(fast, quantile(sorted, 0.75));
    if (quantile(sorted, 0.5) > input.typicalServiceMinutes * 1.5) reasons.push('long_service_times');
  } else {
    fast = input.typicalServiceMinutes * 0.7;
    slow = input.typicalServiceMinutes * 1.3;
    reasons.push('little_history');
  }

  let servers = input.openCounters;
  if (servers <= 0) {
    reasons.push('no_open_counter');
    servers = 1;
  } else if (input.totalCounters > 0 && servers < input.totalCounters / 2) {
    reasons.push('few_counters_open');
  }
  if ((input.pausedCounters ?? 0) > 0) reasons.push('counters_paused');
  const longCases = Math.max(0, input.longCases ?? 0);
  if (longCases > 0) reasons.push('long_case_ahead');

  if (ahead === 0 && input.openCounters > 0) return { low: 0, high: Math.ceil(((1 + longCases) * slow) / servers), reasons };
  const low = Math.floor((ahead * fast) / servers);
  const high = Math.max(low + 1, Math.ceil(((ahead + 1 + longCases) * slow) / servers));
  return { low, high, reasons };
}
