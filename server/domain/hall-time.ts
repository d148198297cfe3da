import { wallTime } from './zone-time';

/**
 * The service day is the hall's local date, so numbering restarts at local midnight
 * (Asia/Shanghai by default) whatever the server's own time zone.
 */
export interface LocalTime {
  /** YYYY-MM-DD */
  day: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  /** minutes since local midnight */
  minutes: number;
}

/** The hall's date, ISO weekday and minutes since midnight at an instant (zone-time.ts reads the clock). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const w = wallTime(at, timeZone);
  return {
    day: `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`,
    weekday: w.weekday,
    minutes: w.hour * 60 + w.minute,
  };
}

export interface OpeningPeriod {
  weekdays: number[];
  from: string;
  to: string;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** An empty list means the service keeps the hall's hours without limits of its own. */
export function isOpen(periods: readonly OpeningPeriod[], at: LocalTime): boolean {
  // Weekday 0: a day the hall's calendar closes (hall-calendar.ts `onCalendar`).
  if (at.weekday === 0) return false;
  if (periods.length === 0) return true;
  return periods.some(
    (p) => p.weekdays.includes(at.weekday) && at.minutes >= toMinutes(p.from) && at.minutes < toMinutes(p.to),
  );
}
