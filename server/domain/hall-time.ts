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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdays[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
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
