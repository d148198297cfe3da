import { describe, expect, it } from 'vitest';
import { localTime } from '../../server/domain/hall-time';
import { addWorkingDays, daysBetween, endOfLocalDay, startOfLocalDay } from '../../server/domain/working-days';
import { isoWeekday } from '../../server/domain/hall-calendar';

describe('working days', () => {
  it('skips Saturdays and Sundays and does not count the day of acceptance', () => {
    // 2026-11-27 is a Friday.
    expect(isoWeekday('2026-11-27')).toBe(5);
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-26', 5)).toBe('2026-12-03');
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    expect(addWorkingDays('2026-12-28', 4)).toBe('2027-01-01');
  });

  it('counts calendar days between two days', () => {
    expect(daysBetween('2026-11-27', '2026-12-01')).toBe(4);
    expect(daysBetween('2026-12-01', '2026-11-27')).toBe(-4);
  });

  it("finds a day's bounds in the hall's zone, not the machine's", () => {
    const start = startOfLocalDay('2026-11-30', 'Asia/Shanghai');
    expect(start.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    const end = endOfLocalDay('2026-11-30', 'Asia/Shanghai');
    expect(end.toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(localTime(end, 'Asia/Shanghai').day).toBe('2026-11-30');
    // Across a daylight-saving change (New York, 2026-03-08).
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(endOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
  });
});
