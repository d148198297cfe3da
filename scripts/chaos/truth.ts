import type { ScreenRecord } from './watchers';

/**
 * Time to truth: after a recovery at `at`, how long each screen took to show (connected) at
 * least what the database held at that instant: the hall's seq on a TV, the ticket's version on
 * a phone. A screen that had not got there `windowMs` later counts as never (Infinity).
 */
export interface Recovery {
  kind: 'kill' | 'database' | 'backends' | 'redis';
  label: string;
  faultAt: number;
  at: number;
  /** The hall's seq in the database at `at`. */
  hallSeq: number;
  /** Each watched ticket's version in the database at `at`. */
  versions: Map<string, number>;
}

export interface TruthSample {
  recovery: string;
  kind: ScreenRecord['kind'];
  ms: number;
}

export function timesToTruth(recoveries: Recovery[], screens: ScreenRecord[], windowMs: number, runEnd: number): TruthSample[] {
  const out: TruthSample[] = [];
  for (const r of recoveries) {
    const until = Math.min(r.at + windowMs, runEnd);
    for (const s of screens) {
      if (s.openedAt > r.at - 2_000 || (s.closedAt !== undefined && s.closedAt < until)) continue;
      const target = s.kind === 'tv' ? r.hallSeq : s.ticketId ? r.versions.get(s.ticketId) : undefined;
      if (target === undefined) continue;
      out.push({ recovery: r.label, kind: s.kind, ms: firstTrue(s, r.at, until, target) - r.at });
    }
  }
  return out;
}

function firstTrue(s: ScreenRecord, from: number, until: number, target: number): number {
  const candidates = [from, ...s.samples.map((x) => x.at), ...s.links.map((x) => x.at)].filter((t) => t >= from && t <= until).sort((a, b) => a - b);
  for (const t of candidates) {
    if (connectedAt(s, t) && valueAt(s, t) >= target) return t;
  }
  return Infinity;
}

function valueAt(s: ScreenRecord, t: number): number {
  let v = -Infinity;
  for (const x of s.samples) {
    if (x.at > t) break;
    v = x.value;
  }
  return v;
}

function connectedAt(s: ScreenRecord, t: number): boolean {
  let up = false;
  for (const x of s.links) {
    if (x.at > t) break;
    up = x.up;
  }
  return up;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
