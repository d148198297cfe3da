import { describe, expect, it } from 'vitest';
import { hallOpen, hallTakesNumbers, nextOpening, takesNumbers, weekHours } from '../../server/domain/opening';

const weekdays = [1, 2, 3, 4, 5];
const office = [
  { weekdays, from: '09:00', to: '12:00' },
  { weekdays, from: '13:30', to: '17:00' },
];
// Friday 27 November 2026.
const friday = (hhmm: string) => ({ day: '2026-11-27', weekday: 5, minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) });

describe('nextOpening', () => {
  it('is later today at lunch, Monday after Friday closing, and null without hours', () => {
    expect(nextOpening(office, friday('12:30'))).toEqual({ daysAhead: 0, day: '2026-11-27', weekday: 5, time: '13:30' });
    expect(nextOpening(office, friday('17:05'))).toEqual({ daysAhead: 3, day: '2026-11-30', weekday: 1, time: '09:00' });
    expect(nextOpening([], friday('17:05'))).toBeNull();
    expect(nextOpening([{ weekdays: [], from: '09:00', to: '10:00' }], friday('08:00'))).toBeNull();
  });

  it('crosses the end of the month and of the year', () => {
    expect(nextOpening(office, { day: '2026-12-31', weekday: 4, minutes: 18 * 60 })).toEqual({
      daysAhead: 1,
      day: '2027-01-01',
      weekday: 5,
      time: '09:00',
    });
  });
});

describe('weekHours and hallOpen', () => {
  it('groups weekdays with the same merged ranges and flags days only some services keep', () => {
    const saturday = [...office, { weekdays: [6], from: '09:00', to: '12:00' }];
    expect(weekHours([office, saturday, []])).toEqual([
      { weekdays: [1, 2, 3, 4, 5], ranges: [{ from: '09:00', to: '12:00' }, { from: '13:30', to: '17:00' }], partial: false },
      { weekdays: [6], ranges: [{ from: '09:00', to: '12:00' }], partial: true },
    ]);
    expect(weekHours([[{ weekdays: [1], from: '09:00', to: '11:00' }], [{ weekdays: [1], from: '10:00', to: '12:00' }]])).toEqual([
      { weekdays: [1], ranges: [{ from: '09:00', to: '12:00' }], partial: false },
    ]);
    expect(hallOpen([office], friday('10:00'))).toBe(true);
    expect(hallOpen([office], friday('12:10'))).toBe(false);
    expect(hallOpen([office, []], friday('12:10'))).toBe(false);
    expect(hallOpen([[]], friday('12:10'))).toBe(true);
  });
});

describe('takesNumbers and hallTakesNumbers', () => {
  it('follow the hours where the hall enforces them, and say open at any hour where it does not', () => {
    expect(takesNumbers(true, office, friday('10:00'))).toBe(true);
    expect(takesNumbers(true, office, friday('12:10'))).toBe(false);
    expect(takesNumbers(false, office, friday('12:10'))).toBe(true);
    expect(takesNumbers(false, office, friday('23:00'))).toBe(true);
    expect(hallTakesNumbers(true, [office], friday('12:10'))).toBe(false);
    expect(hallTakesNumbers(false, [office], friday('12:10'))).toBe(true);
  });
});
