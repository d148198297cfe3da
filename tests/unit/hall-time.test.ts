import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isOpen, localTime, type OpeningPeriod } from '../../server/domain/hall-time';
import { createFakeClock } from '../../server/domain/clock';

const tz = 'Asia/Shanghai';

describe('localTime in Asia/Shanghai', () => {
  it('16:30Z on the 27th is already 00:30 on Saturday the 28th', () => {
    expect(localTime(new Date('2026-11-27T16:30:00Z'), tz)).toEqual({ day: '2026-11-28', weekday: 6, minutes: 30 });
  });

  it('15:59Z on the 27th is still 23:59 on Friday the 27th', () => {
    expect(localTime(new Date('2026-11-27T15:59:00Z'), tz)).toEqual({
      day: '2026-11-27',
      weekday: 5,
      minutes: 23 * 60 + 59,
    });
  });

  it('local midnight is minute 0, not 24:00', () => {
    expect(localTime(new Date('2026-11-27T16:00:00Z'), tz)).toEqual({ day: '2026-11-28', weekday: 6, minutes: 0 });
  });

  it('Sunday is weekday 7 and Monday is weekday 1', () => {
    expect(localTime(new Date('2026-11-29T02:00:00Z'), tz).weekday).toBe(7);
    expect(localTime(new Date('2026-11-30T02:00:00Z'), tz)).toEqual({ day: '2026-11-30', weekday: 1, minutes: 600 });
  });

  it('the same instant gives another day in another zone', () => {
    expect(localTime(new Date('2026-11-27T16:30:00Z'), 'UTC')).toEqual({
      day: '2026-11-27',
      weekday: 5,
      minutes: 16 * 60 + 30,
    });
  });

  it('property: Shanghai time is UTC + 8 hours (no DST)', () => {
    const from = Date.UTC(2020, 0, 1);
    const to = Date.UTC(2035, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from / 60_000, max: to / 60_000 }), (minute) => {
        const shifted = new Date(minute * 60_000 + 8 * 3_600_000);
        const local = localTime(new Date(minute * 60_000), tz);
        expect(local.day).toBe(shifted.toISOString().slice(0, 10));
        expect(local.minutes).toBe(shifted.getUTCHours() * 60 + shifted.getUTCMinutes());
        expect(local.weekday).toBe(shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay());
      }),
    );
  });
});

describe('isOpen', () => {
  const weekdays: OpeningPeriod[] = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }];
  const local = (iso: string) => localTime(new Date(iso), tz);

  it('an empty list of periods is always open', () => {
    expect(isOpen([], { day: '2026-11-28', weekday: 6, minutes: 3 })).toBe(true);
  });

  it('Mon–Fri 09:00–12:00: open from 09:00, closed at 12:00 and before 09:00', () => {
    // Friday 2026-11-27, Shanghai = UTC + 8.
    expect(isOpen(weekdays, local('2026-11-27T09:00:00+08:00'))).toBe(true);
    expect(isOpen(weekdays, local('2026-11-27T11:59:00+08:00'))).toBe(true);
    expect(isOpen(weekdays, local('2026-11-27T12:00:00+08:00'))).toBe(false);
    expect(isOpen(weekdays, local('2026-11-27T08:59:00+08:00'))).toBe(false);
  });

  it('Mon–Fri 09:00–12:00: closed all Saturday', () => {
    expect(isOpen(weekdays, local('2026-11-28T09:00:00+08:00'))).toBe(false);
    expect(isOpen(weekdays, local('2026-11-28T10:30:00+08:00'))).toBe(false);
  });

  it('several periods: open in either, closed in the lunch gap', () => {
    const periods: OpeningPeriod[] = [
      { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
      { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
      { weekdays: [6], from: '09:00', to: '12:00' },
    ];
    const at = (weekday: number, hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      return { day: 'x', weekday, minutes: (h ?? 0) * 60 + (m ?? 0) };
    };
    expect(isOpen(periods, at(3, '12:30'))).toBe(false);
    expect(isOpen(periods, at(3, '13:30'))).toBe(true);
    expect(isOpen(periods, at(3, '16:59'))).toBe(true);
    expect(isOpen(periods, at(6, '10:00'))).toBe(true);
    expect(isOpen(periods, at(6, '14:00'))).toBe(false);
    expect(isOpen(periods, at(7, '10:00'))).toBe(false);
  });

  it('property: open exactly for minutes in [from, to) on listed weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1439 }), (weekday, minutes) => {
        const expected = weekday <= 5 && minutes >= 540 && minutes < 720;
        expect(isOpen(weekdays, { day: 'x', weekday, minutes })).toBe(expected);
      }),
    );
  });
});

describe('fake clock', () => {
  it('moves only when told', () => {
    const clock = createFakeClock('2026-11-27T01:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-27T01:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-27T01:01:30.000Z');
    clock.set('2026-11-28T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });

  it('returns a fresh Date each time, so callers cannot move it by mutation', () => {
    const clock = createFakeClock('2026-11-27T01:00:00Z');
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe('2026-11-27T01:00:00.000Z');
  });
});
