/**
 * The wall time in a zone: what a clock on the hall's wall shows at an instant, and the
 * instant at which it shows a given time. Every hall-local rule (the service day, opening
 * hours, slots, deadlines) is built on these two, so there is one place that talks to Intl.
 */

/** A zone's wall clock at an instant; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      // h23, not the en-US default h12 (and not h24, which writes midnight as 24).
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** What the zone's clock shows at `at` (to the second). */
export function wallTime(at: Date | number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays[parts.weekday ?? ''] ?? 1,
  };
}

/** The zone's wall time at `at` written as a UTC timestamp of the same wall time (whole seconds). */
export function wallTimeMs(at: Date | number, timeZone: string): number {
  const w = wallTime(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at an instant, in ms (+8 h for Asia/Shanghai). */
export function offsetAt(at: number, timeZone: string): number {
  return wallTimeMs(at, timeZone) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant at which the zone's clock shows `wallMs` (a wall time written as a UTC
 * timestamp, e.g. `Date.UTC(2026, 2, 8)` for local midnight on 8 March 2026). The offset is
 * read at a first guess and once more at the corrected instant, which lands right on a day
 * whose offset changes (daylight saving).
 */
export function instantAtWallTime(wallMs: number, timeZone: string): Date {
  let at = wallMs - offsetAt(wallMs, timeZone);
  at = wallMs - offsetAt(at, timeZone);
  return new Date(at);
}
