import { createHash } from 'node:crypto';

/** A small seeded generator (mulberry32): the same seed writes the same history. */
export interface Rng {
  next: () => number;
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
  /** Log-normal with the given median and spread (sigma of the underlying normal). */
  lognormal: (median: number, sigma: number) => number;
  poisson: (mean: number) => number;
  pick: <T>(items: readonly T[]) => T;
  uuid: () => string;
  token: () => string;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function createRng(seed: string): Rng {
  let state = hash(seed);
  // Ids and tokens come from a hash of the seed and a counter, not from the 32-bit
  // generator: two days' streams of a small generator can overlap and repeat an id.
  let drawn = 0;
  const digest = () => createHash('sha256').update(`${seed}|${(drawn += 1)}`).digest();
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    lognormal: (median, sigma) => {
      const u = Math.max(next(), 1e-12);
      const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * normal);
    },
    poisson: (mean) => {
      // Knuth's method: the means here are small (arrivals per minute).
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k += 1;
        p *= next();
      }
      return k;
    },
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    uuid: () => {
      const b = [...digest().subarray(0, 16)];
      b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
      b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
      const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    token: () => digest().subarray(0, 18).toString('base64url'),
  };
  return rng;
}
