/**
 * The world of one replayed hall-day, drawn per visitor and per counter from a seed: who comes
 * when and for what, how long each takes at the counter, who does not show up, which counters
 * work which sessions (the lunch break is the gap between the services' opening periods) and
 * when they step away. Nothing here decides who is called: replay.ts asks the real services.
 */
import type { OpeningPeriod } from '../../db/schema';
import { isOpen } from '../domain/hall-time';
import type { StaffActor } from '../services/actors';
import { createRng } from './random';
import type { ReplayCounter, ReplayVisitor } from './replay';

export interface WorldService {
  id: string;
  typicalServiceMinutes: number;
  openingHours: OpeningPeriod[];
}

export interface WorldCounter {
  id: string;
  serviceIds: string[];
  staff: StaffActor;
}

export interface Scenario {
  name: string;
  /** Arrivals relative to ~85% of what the counters can serve. */
  volume: number;
  /** Share of visitors with a priority class (elderly). */
  priorityShare: number;
  /** Chance that a counter steps away for 8–20 minutes in a session. */
  pauseChance: number;
}

export const scenarios: Scenario[] = [
  { name: 'quiet', volume: 0.5, priorityShare: 0, pauseChance: 0 },
  { name: 'normal', volume: 0.85, priorityShare: 0, pauseChance: 0.1 },
  { name: 'peak ×1.3', volume: 1.1, priorityShare: 0, pauseChance: 0.1 },
  { name: 'pausing', volume: 0.85, priorityShare: 0, pauseChance: 0.6 },
  { name: 'priority 8%', volume: 0.85, priorityShare: 0.08, pauseChance: 0.1 },
];

function intensity(minute: number): number {
  const h = minute / 60;
  if (h >= 9 && h < 11) return 1.6;
  if (h >= 14 && h < 16) return 1.5;
  if (h >= 11 && h < 12) return 1;
  return 0.8;
}

const defaultHours: OpeningPeriod[] = [
  { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '12:00' },
  { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '13:30', to: '17:00' },
];

function openMinutes(hours: readonly OpeningPeriod[], day: string, weekday: number): boolean[] {
  const periods = hours.length > 0 ? hours : defaultHours;
  return Array.from({ length: 1440 }, (_, m) => isOpen(periods, { day, weekday, minutes: m }));
}

function intervals(open: readonly boolean[]): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let m = 0; m < open.length; m += 1) {
    if (!open[m]) continue;
    const from = m;
    while (m < open.length && open[m]) m += 1;
    out.push({ from, to: m });
  }
  return out;
}

/**
 * `limitMinutes` cuts the day short (arrivals only before that minute) so that a test or a
 * short benchmark run replays a small day.
 */
export function drawWorld(
  seed: string,
  day: string,
  weekday: number,
  services: readonly WorldService[],
  counters: readonly WorldCounter[],
  scenario: Scenario,
  limitMinutes = 1440,
): { visitors: ReplayVisitor[]; counters: ReplayCounter[] } {
  const rng = createRng(`${seed}|${day}|${scenario.name}`);
  const open = new Map(services.map((s) => [s.id, openMinutes(s.openingHours, day, weekday)]));
  const replayCounters: ReplayCounter[] = counters.map((c) => {
    const merged = Array.from({ length: 1440 }, (_, m) => c.serviceIds.some((id) => open.get(id)?.[m]));
    const sessions = intervals(merged);
    const pauses = sessions
      .filter(() => rng.chance(scenario.pauseChance))
      .map((s) => ({ at: s.from + rng.int(20, Math.max(21, s.to - s.from - 30)), minutes: rng.int(8, 20) }));
    return { id: c.id, serviceIds: c.serviceIds, staff: c.staff, sessions, pauses };
  });
  // Capacity in visits: each counter's minutes shared among its services by their typical time.
  const counterMinutes = replayCounters.reduce((n, c) => n + c.sessions.reduce((k, s) => k + Math.min(s.to, limitMinutes) - Math.min(s.from, limitMinutes), 0), 0);
  const meanTypical = services.reduce((n, s) => n + s.typicalServiceMinutes + 1, 0) / Math.max(1, services.length);
  const served = new Set(counters.flatMap((c) => c.serviceIds));
  const offered = services.filter((s) => served.has(s.id));
  const weightSum = offered.reduce((n, s) => n + (open.get(s.id) ?? []).reduce((k, o, m) => k + (o && m < limitMinutes ? intensity(m) : 0), 0), 0);
  const volume = (scenario.volume * counterMinutes) / meanTypical;
  const visitors: ReplayVisitor[] = [];
  for (const s of offered) {
    const o = open.get(s.id) ?? [];
    for (let m = 0; m < Math.min(1440, limitMinutes); m += 1) {
      if (!o[m] || weightSum === 0) continue;
      const n = rng.poisson((volume * intensity(m)) / weightSum);
      for (let i = 0; i < n; i += 1) {
        visitors.push({
          at: m + rng.next(),
          serviceId: s.id,
          priorityClass: rng.chance(scenario.priorityShare) ? 'elderly' : 'normal',
          // Walk-up plus handling: most near the typical time, a long tail of hard cases.
          counterMinutes: Math.max(0.5, rng.lognormal(s.typicalServiceMinutes, 0.45) + rng.next() * 1.5),
          noShow: rng.chance(0.04),
        });
      }
    }
  }
  visitors.sort((a, b) => a.at - b.at);
  return { visitors, counters: replayCounters };
}
