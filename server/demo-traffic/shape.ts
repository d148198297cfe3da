/**
 * The pure parts of the demo traffic: how busy the hall is at an hour of the day, and the
 * random draws of one simulated visit. No I/O here, so the rules are tested on their own.
 */

export type Random = () => number;

/**
 * Share (0–1] of the peak arrival rate at a local time of day, in hours (10.5 = 10:30).
 * Government halls peak mid-morning and mid-afternoon (9–11 and 14–16). The floor keeps a
 * demo that runs at night or at lunch moving instead of standing still.
 */
export function arrivalShape(hourOfDay: number): number {
  const peak = (centre: number) => Math.exp(-((hourOfDay - centre) ** 2) / 2);
  return 0.35 + 0.65 * Math.max(peak(10), peak(15));
}

/** A Poisson draw with mean `mean` (Knuth's method: the means here are small). */
export function poisson(mean: number, random: Random): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

/** One of `items`, each as likely as its weight. */
export function pickWeighted<T>(items: readonly T[], weight: (item: T) => number, random: Random): T | undefined {
  const total = items.reduce((sum, item) => sum + Math.max(0, weight(item)), 0);
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const item of items) {
    r -= Math.max(0, weight(item));
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

/** Seconds drawn uniformly from [low, high). */
export const between = (low: number, high: number, random: Random) => low + (high - low) * random();

/**
 * The national five levels, as citizens of a well-run hall give them: mostly 非常满意 and
 * 满意, a few 不满意 — each of which opens a work order, so the rectification loop moves too.
 */
export const ratingMix = [
  { level: 'very_satisfied', weight: 0.56 },
  { level: 'satisfied', weight: 0.3 },
  { level: 'basically_satisfied', weight: 0.1 },
  { level: 'dissatisfied', weight: 0.03 },
  { level: 'very_dissatisfied', weight: 0.01 },
] as const;

/** How much faster than real life a demo visit goes: 1, real time (a 10-minute service takes 10 minutes). */
export const demoTimeScale = 1;
