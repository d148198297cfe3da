import { localTime } from './hall-time';
import { instantAtWallTime } from './zone-time';

/** The calendar day `days` after `day` (YYYY-MM-DD), negative for earlier days. */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const at = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return at.toISOString().slice(0, 10);
}

/** The instant the hall-local `day` begins (its local midnight). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return instantAtWallTime(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1), timeZone);
}

/** [start, end) of the hall-local day that contains `at`, with the day itself. */
export function localDayBounds(at: Date, timeZone: string): { day: string; start: Date; end: Date } {
  const day = localTime(at, timeZone).day;
  return { day, start: startOfLocalDay(day, timeZone), end: startOfLocalDay(shiftDay(day, 1), timeZone) };
}
