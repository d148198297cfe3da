/** Calendar arithmetic on hall-local days written YYYY-MM-DD (no time zone involved). */

import { isoWeekday as weekdayOf } from './hall-calendar';

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

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export { weekdayOf };

/** The Monday that starts the ISO week of the day. */
export function weekStart(day: string): string {
  return addDays(day, 1 - weekdayOf(day));
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

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (e.g. +8 h for Asia/Shanghai). */
function offsetAt(ms: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant the hall-local day begins (its local midnight). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const guess = toUtc(day);
  let at = guess - offsetAt(guess, timeZone);
  // Once more, in case the offset differs at the corrected instant (a DST change that day).
  at = guess - offsetAt(at, timeZone);
  return new Date(at);
}
