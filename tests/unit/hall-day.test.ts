import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, eachDay, monthStart, startOfLocalDay, weekStart } from '../../server/domain/hall-day';
import { isoWeekday } from '../../server/domain/hall-calendar';

describe('hall-local days', () => {
  it('starts a day at the hall’s midnight', () => {
    expect(startOfLocalDay('2026-03-02', 'Asia/Shanghai').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-02', 'UTC').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    // A day with a DST change: New York springs forward on 8 March 2026, midnight is still EST.
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('groups days into ISO weeks (Monday first) and months', () => {
    expect(isoWeekday('2026-03-01')).toBe(7);
    expect(weekStart('2026-03-01')).toBe('2026-02-23');
    expect(weekStart('2026-03-02')).toBe('2026-03-02');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
    expect(monthStart('2024-02-29')).toBe('2024-02-01');
  });

  it('counts and walks days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2025-03-05', '2026-03-05')).toBe(365);
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
