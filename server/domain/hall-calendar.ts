/**
 * The hall's calendar beyond the week: days it is closed (法定节假日) and weekend days it
 * works (调休上班). Each year's dates are set by the State Council, so they are hall settings
 * (`calendar`), not rules in code. Everything that reads opening hours or counts working days
 * asks here which weekday's hours a date keeps.
 */

export interface HallCalendar {
  /** YYYY-MM-DD days the hall is closed although they fall on a weekday with hours. */
  closedDays: readonly string[];
  /** YYYY-MM-DD days the hall works although they fall on a weekend; `hoursOf` names the weekday whose hours apply (1 = Monday, the default). */
  workdays: ReadonlyArray<{ day: string; hoursOf?: number }>;
}

export const noCalendar: HallCalendar = { closedDays: [], workdays: [] };

/** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar day YYYY-MM-DD. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The weekday whose opening hours `day` keeps: its own, another for a 调休 working day, or 0 when the hall is closed. */
export function hoursWeekday(day: string, calendar: HallCalendar = noCalendar): number {
  if (calendar.closedDays.includes(day)) return 0;
  const worked = calendar.workdays.find((w) => w.day === day);
  if (worked) {
    const hoursOf = worked.hoursOf ?? 1;
    return Number.isInteger(hoursOf) && hoursOf >= 1 && hoursOf <= 7 ? hoursOf : 1;
  }
  return isoWeekday(day);
}

/** A working day (工作日) for time limits: Monday to Friday, less closed days, plus 调休 working days. */
export function isWorkingDay(day: string, calendar: HallCalendar = noCalendar): boolean {
  if (calendar.closedDays.includes(day)) return false;
  if (calendar.workdays.some((w) => w.day === day)) return true;
  return isoWeekday(day) <= 5;
}

/** A local time whose weekday is the one whose hours apply (0 on a closed day: no period matches). */
export function onCalendar<T extends { day: string; weekday: number }>(at: T, calendar: HallCalendar = noCalendar): T {
  const weekday = hoursWeekday(at.day, calendar);
  return weekday === at.weekday ? at : { ...at, weekday };
}
