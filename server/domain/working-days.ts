import { type HallCalendar, isWorkingDay, noCalendar } from './hall-calendar';
import { instantAtWallTime } from './zone-time';

/**
 * Working days on the hall's calendar (Monday to Friday, less its holidays, plus its 调休
 * working days: hall-calendar.ts), for the 容缺受理 deadline: the service's promised time
 * limit (承诺时限) is stated in working days from acceptance.
 */

const dayMs = 86_400_000;

/** The calendar day `n` days after `day` (negative for before). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/**
 * The last day of a limit of `n` working days counted from `day` (the day of acceptance does
 * not count): 5 working days from a Thursday end on the next Thursday. Zero is the same day.
 */
export function addWorkingDays(day: string, n: number, calendar: HallCalendar = noCalendar): string {
  let current = day;
  let left = Math.max(0, Math.floor(n));
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left -= 1;
  }
  return current;
}

/** The instant local midnight begins `day` in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return instantAtWallTime(Date.parse(`${day}T00:00:00Z`), timeZone);
}

/** The last millisecond of `day` in `timeZone`: a deadline on a day lasts the whole day. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(day, 1), timeZone).getTime() - 1);
}
