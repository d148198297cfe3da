import { localTime } from './hall-time';

/** The calendar day `days` after `day` (YYYY-MM-DD), negative for earlier days. */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const at = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return at.toISOString().slice(0, 10);
}

function wallMinutes(day: string, minutes: number): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 60_000 + minutes;
}

/**
 * The instant the hall-local `day` begins. The zone's offset is read at a first guess and
 * corrected once, which also lands right on days when the offset changes (DST).
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  let guess = wallMinutes(day, 0) * 60_000;
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timeZone);
    const drift = wallMinutes(local.day, local.minutes) - wallMinutes(day, 0);
    if (drift === 0) break;
    guess -= drift * 60_000;
  }
  return new Date(guess);
}

/** [start, end) of the hall-local day that contains `at`, with the day itself. */
export function localDayBounds(at: Date, timeZone: string): { day: string; start: Date; end: Date } {
  const day = localTime(at, timeZone).day;
  return { day, start: startOfLocalDay(day, timeZone), end: startOfLocalDay(shiftDay(day, 1), timeZone) };
}
