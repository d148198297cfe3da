/** Calendar arithmetic on hall-local days written YYYY-MM-DD (no time zone involved). */

import { isoWeekday } from './hall-calendar';
import { instantAtWallTime } from './zone-time';

function toUtc(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const dayMs = 86_400_000;

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * dayMs);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / dayMs);
}

/** The Monday that starts the ISO week of the day. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The instant the hall-local day begins (its local midnight). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return instantAtWallTime(toUtc(day), timeZone);
}
