import { type Messages, format } from '@/lib/i18n';

/** Minutes as history shows them (its two decimals, rounded to one for reading). */
export const minutesText = (t: Messages, v: number | null) => (v === null ? t.dailyReport.none : format(t.dailyReport.minutes, { value: v.toFixed(1) }));

/** A 0–1 share as a percentage with one decimal. */
export const percentText = (t: Messages, v: number | null) => (v === null ? t.dailyReport.none : format(t.dailyReport.percent, { value: (v * 100).toFixed(1) }));

/** The weekday of a hall-local YYYY-MM-DD (a calendar date: no zone involved). */
export function dayParts(day: string) {
  const [year = '', month = '', date = ''] = day.split('-');
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return { year, month, day: date, weekday };
}
