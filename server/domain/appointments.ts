/**
 * 预约 rules, pure: the time slots of a service's day in the hall's zone, the check-in
 * window around a slot, the confirmation code's alphabet, and the no-show block.
 */
import { type HallCalendar, hoursWeekday, noCalendar } from './hall-calendar';
import { type OpeningPeriod, localTime } from './hall-time';
import { instantAtWallTime } from './zone-time';

export interface SlotRules {
  slotMinutes: number;
  checkInBeforeMinutes: number;
  checkInAfterMinutes: number;
}

export interface BlockRules {
  noShowLimit: number;
  noShowWindowDays: number;
  blockDays: number;
}

export interface Slot {
  start: Date;
  end: Date;
}

const dayMs = 86_400_000;

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / dayMs;
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * dayMs).toISOString().slice(0, 10);
}

/** The instant at which the hall's clock shows `minutes` past midnight on `day`. */
export function instantOf(day: string, minutes: number, timeZone: string): Date {
  return instantAtWallTime(dayNumber(day) * dayMs + minutes * 60_000, timeZone);
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The slots of one service on one day: each opening period of that weekday cut into
 * slots of `slotMinutes` that end within the period. No periods means the whole day,
 * as `isOpen` reads an empty list (the service keeps no hours of its own).
 */
export function slotsOfDay(day: string, timeZone: string, periods: readonly OpeningPeriod[], slotMinutes: number, calendar: HallCalendar = noCalendar): Slot[] {
  if (!Number.isInteger(slotMinutes) || slotMinutes <= 0) return [];
  // The hall's calendar decides: no slots on a holiday, a 调休 Saturday keeps a weekday's hours.
  const weekday = hoursWeekday(day, calendar);
  if (weekday === 0) return [];
  const open = periods.length === 0 ? [{ weekdays: [weekday], from: '00:00', to: '24:00' }] : periods;
  const starts = new Set<number>();
  for (const period of open) {
    if (!period.weekdays.includes(weekday)) continue;
    const to = toMinutes(period.to);
    for (let m = toMinutes(period.from); m + slotMinutes <= to; m += slotMinutes) starts.add(m);
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((m) => {
      const start = instantOf(day, m, timeZone);
      return { start, end: new Date(start.getTime() + slotMinutes * 60_000) };
    });
}

/** When check-in for a slot opens and closes. */
export function checkInWindow(slotStart: Date, rules: SlotRules): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(slotStart.getTime() - rules.checkInBeforeMinutes * 60_000),
    closesAt: new Date(slotStart.getTime() + rules.checkInAfterMinutes * 60_000),
  };
}

/**
 * Until when a phone may not book, given the times of its no-shows: the block starts at
 * the no-show that made `noShowLimit` within `noShowWindowDays`, and lasts `blockDays`.
 * Null when it may book at `now`.
 */
export function blockedUntil(noShows: readonly Date[], rules: BlockRules, now: Date): Date | null {
  if (rules.noShowLimit <= 0) return null;
  const times = noShows.map((d) => d.getTime()).sort((a, b) => a - b);
  let until: number | null = null;
  for (let i = rules.noShowLimit - 1; i < times.length; i += 1) {
    const first = times[i - rules.noShowLimit + 1] ?? 0;
    const last = times[i] ?? 0;
    if (last - first <= rules.noShowWindowDays * dayMs) {
      const end = last + rules.blockDays * dayMs;
      if (until === null || end > until) until = end;
    }
  }
  return until !== null && until > now.getTime() ? new Date(until) : null;
}

/** No 0/O or 1/I, so a code read aloud or typed at a kiosk cannot be mistaken. */
export const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const codeLength = 8;
export const codePattern = /^[A-HJ-NP-Z2-9]{8}$/;

/** A code from random bytes (one byte per character; 32 symbols divide 256, so no bias). */
export function codeFromBytes(bytes: Uint8Array): string {
  let code = '';
  for (let i = 0; i < codeLength; i += 1) code += codeAlphabet[(bytes[i] ?? 0) % codeAlphabet.length];
  return code;
}

/** How the hall's clock shows an instant: "2026-11-27 09:30". */
export function hallDateTime(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone);
  const hh = String(Math.floor(t.minutes / 60)).padStart(2, '0');
  const mm = String(t.minutes % 60).padStart(2, '0');
  return `${t.day} ${hh}:${mm}`;
}
