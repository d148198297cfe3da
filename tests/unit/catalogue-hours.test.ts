import { describe, expect, it } from 'vitest';
import { openingHours } from '../../server/contracts/admin';
import { formatHours, parseHours } from '../../server/services/admin/catalogue-sheet';

describe('opening hours in the catalogue sheet', () => {
  const lunchBreak = [
    { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
    { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
    { weekdays: [6], from: '09:00', to: '12:00' },
    { weekdays: [1, 3, 5], from: '18:00', to: '20:00' },
  ];

  it('writes a lunch break as two periods and reads them back', () => {
    const text = formatHours(lunchBreak);
    expect(text).toBe('1-5 09:00-12:00; 1-5 13:30-17:00; 6 09:00-12:00; 1,3,5 18:00-20:00');
    expect(parseHours(text)).toEqual(lunchBreak);
    expect(parseHours('1-5 9:00-12:00；1-5 13:30-17:00')).toEqual(lunchBreak.slice(0, 2));
    expect(parseHours('')).toEqual([]);
  });

  it('leaves what it cannot read for the row check to refuse', () => {
    const parsed = parseHours('weekdays 9 to 5');
    expect(openingHours.safeParse(parsed).success).toBe(false);
  });

  it('refuses overlapping periods of a day and a period that ends before it starts', () => {
    expect(openingHours.safeParse([{ weekdays: [1], from: '09:00', to: '12:00' }, { weekdays: [1, 2], from: '11:00', to: '14:00' }]).success).toBe(false);
    expect(openingHours.safeParse([{ weekdays: [1], from: '12:00', to: '09:00' }]).success).toBe(false);
    expect(openingHours.safeParse(lunchBreak).success).toBe(true);
  });
});
