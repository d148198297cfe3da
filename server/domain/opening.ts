import { type HallCalendar, hoursWeekday, isoWeekday, noCalendar } from './hall-calendar';
import { type LocalTime, type OpeningPeriod, isOpen } from './hall-time';

/** When a closed service next opens, in the hall's local time. */
export interface NextOpening {
  /** 0 = later today, 1 = tomorrow, … */
  daysAhead: number;
  /** YYYY-MM-DD, the hall's local date */
  day: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  /** HH:MM */
  time: string;
}

/** A run of weekdays that share the same opening ranges, for "周一至周五 09:00–12:00 13:30–17:00". */
export interface WeekHours {
  weekdays: number[];
  ranges: Array<{ from: string; to: string }>;
  /** Only some of the hall's services open then (e.g. Saturday morning for two of them). */
  partial: boolean;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/**
 * The next start of an opening period after `at`, looking three weeks ahead (past a week of
 * holidays, following the hall's calendar); null when the service has no hours of its own
 * (always open) or none at all. An open service gets its next opening too (after the current
 * period), which callers ignore.
 */
export function nextOpening(periods: readonly OpeningPeriod[], at: LocalTime, calendar: HallCalendar = noCalendar): NextOpening | null {
  if (periods.length === 0) return null;
  for (let daysAhead = 0; daysAhead <= 21; daysAhead++) {
    const day = addDays(at.day, daysAhead);
    const hours = hoursWeekday(day, calendar);
    const weekday = isoWeekday(day);
    const starts = periods
      .filter((p) => hours !== 0 && p.weekdays.includes(hours))
      .map((p) => p.from)
      .filter((from) => daysAhead > 0 || toMinutes(from) > at.minutes)
      .sort((a, b) => toMinutes(a) - toMinutes(b));
    const first = starts[0];
    if (first !== undefined) return { daysAhead, day, weekday, time: first };
  }
  return null;
}

/**
 * Whether any of the hall's services keeps hours now (the hall's doors, not the intake rule).
 * Services without hours of their own follow the hall's, so a hall where none has any is open.
 */
export function hallOpen(serviceHours: ReadonlyArray<readonly OpeningPeriod[]>, at: LocalTime): boolean {
  const withHours = serviceHours.filter((periods) => periods.length > 0);
  return withHours.length === 0 || withHours.some((periods) => isOpen(periods, at));
}

/**
 * Whether a service gives out numbers now. A hall that does not enforce opening hours (the
 * demo halls, so they can be tried at any hour) gives them out at any time. The intake
 * refuses by this rule, and the citizen's pages say what it says.
 */
export function takesNumbers(enforceHours: boolean, periods: readonly OpeningPeriod[], at: LocalTime): boolean {
  return !enforceHours || isOpen(periods, at);
}

/** Whether the hall as a whole gives out numbers now: always without enforced hours, else while its doors are open. */
export function hallTakesNumbers(enforceHours: boolean, serviceHours: ReadonlyArray<readonly OpeningPeriod[]>, at: LocalTime): boolean {
  return !enforceHours || hallOpen(serviceHours, at);
}

/** The union of the services' hours, one entry per run of weekdays with the same ranges. */
export function weekHours(serviceHours: ReadonlyArray<readonly OpeningPeriod[]>): WeekHours[] {
  const withHours = serviceHours.filter((p) => p.length > 0);
  const days: Array<{ weekday: number; key: string; ranges: Array<{ from: string; to: string }>; partial: boolean }> = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const spans = withHours
      .flatMap((periods) => periods.filter((p) => p.weekdays.includes(weekday)))
      .map((p) => [toMinutes(p.from), toMinutes(p.to), p.from, p.to] as const)
      .sort((a, b) => a[0] - b[0]);
    const merged: Array<{ start: number; end: number; from: string; to: string }> = [];
    for (const [start, end, from, to] of spans) {
      const last = merged[merged.length - 1];
      if (last && start <= last.end) {
        if (end > last.end) Object.assign(last, { end, to });
      } else merged.push({ start, end, from, to });
    }
    if (merged.length === 0) continue;
    const openServices = withHours.filter((periods) => periods.some((p) => p.weekdays.includes(weekday))).length;
    const ranges = merged.map(({ from, to }) => ({ from, to }));
    const partial = openServices < withHours.length;
    days.push({ weekday, key: `${JSON.stringify(ranges)}${partial}`, ranges, partial });
  }
  const runs: WeekHours[] = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    const lastDay = last?.weekdays[last.weekdays.length - 1];
    if (last && lastDay === day.weekday - 1 && `${JSON.stringify(last.ranges)}${last.partial}` === day.key) last.weekdays.push(day.weekday);
    else runs.push({ weekdays: [day.weekday], ranges: day.ranges, partial: day.partial });
  }
  return runs;
}
