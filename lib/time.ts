/**
 * Times are shown in the hall's zone, not the device's, and the same on the server
 * and in the browser (so hydration matches). The contract does not carry the hall's
 * zone yet; every hall so far keeps the default, Asia/Shanghai.
 */
export const hallTimeZone = 'Asia/Shanghai';

const parts = (at: Date | number | string) => {
  const values: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone: hallTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(new Date(at))) {
    values[p.type] = p.value;
  }
  return values;
};

const weekdayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** HH:mm:ss */
export function clockTime(at: Date | number | string): string {
  const p = parts(at);
  return `${p.hour ?? '00'}:${p.minute ?? '00'}:${p.second ?? '00'}`;
}

/** HH:mm */
export function shortTime(at: Date | number | string): string {
  const p = parts(at);
  return `${p.hour ?? '00'}:${p.minute ?? '00'}`;
}

/** The calendar date and weekday (0 = Sunday) in the hall's zone. */
export function calendarDay(at: Date | number | string): { year: string; month: string; day: string; weekday: number } {
  const p = parts(at);
  return { year: p.year ?? '', month: p.month ?? '', day: p.day ?? '', weekday: weekdayIndex[p.weekday ?? 'Sun'] ?? 0 };
}

export function minutesSince(at: string, now: number): number {
  return Math.max(0, Math.floor((now - new Date(at).getTime()) / 60_000));
}

/** MM-DD HH:mm, for deadlines that may fall on another day. */
export function dayAndTime(at: Date | number | string): string {
  const p = parts(at);
  return `${p.month ?? '00'}-${p.day ?? '00'} ${p.hour ?? '00'}:${p.minute ?? '00'}`;
}
