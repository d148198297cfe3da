import { describe, expect, it } from 'vitest';
import { slotsOfDay } from '../../server/domain/appointments';
import { type HallCalendar, hoursWeekday, isWorkingDay, onCalendar } from '../../server/domain/hall-calendar';
import { isOpen } from '../../server/domain/hall-time';
import { nextOpening } from '../../server/domain/opening';
import { addWorkingDays } from '../../server/domain/working-days';

// 国庆 2026 as a hall would set it: Thursday 1 to Thursday 8 October closed, Sunday 27
// September and Saturday 10 October worked (调休), the Saturday with Friday's hours.
const national: HallCalendar = {
  closedDays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'],
  workdays: [{ day: '2026-09-27' }, { day: '2026-10-10', hoursOf: 5 }],
};
const weekdays = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }];
const fridayAfternoon = [{ weekdays: [5], from: '14:00', to: '15:00' }];
const at = (day: string, weekday: number, hhmm: string) => ({ day, weekday, minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) });

describe('the hall calendar (holidays and 调休)', () => {
  it('names the weekday whose hours a date keeps: its own, another one, or none', () => {
    expect(hoursWeekday('2026-09-30', national)).toBe(3);
    expect(hoursWeekday('2026-10-05', national)).toBe(0);
    expect(hoursWeekday('2026-09-27', national)).toBe(1);
    expect(hoursWeekday('2026-10-10', national)).toBe(5);
    // A bad setting falls back to Monday's hours rather than closing the hall.
    expect(hoursWeekday('2026-10-10', { closedDays: [], workdays: [{ day: '2026-10-10', hoursOf: 9 }] })).toBe(1);
    expect(hoursWeekday('2026-10-10')).toBe(6);
  });

  it('counts working days without the holidays and with the worked weekend days', () => {
    expect(isWorkingDay('2026-10-02', national)).toBe(false);
    expect(isWorkingDay('2026-10-10', national)).toBe(true);
    expect(isWorkingDay('2026-10-11', national)).toBe(false);
    // Three working days from Wednesday 30 September: Friday 9, Saturday 10 (调休), Monday 12.
    expect(addWorkingDays('2026-09-30', 3, national)).toBe('2026-10-12');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-05');
  });

  it('closes on a holiday, even a service that keeps the hall hours without its own', () => {
    const holiday = onCalendar(at('2026-10-05', 1, '10:00'), national);
    expect(isOpen(weekdays, holiday)).toBe(false);
    expect(isOpen([], holiday)).toBe(false);
    expect(isOpen(weekdays, onCalendar(at('2026-09-30', 3, '10:00'), national))).toBe(true);
    expect(isOpen(fridayAfternoon, onCalendar(at('2026-10-10', 6, '14:30'), national))).toBe(true);
    expect(isOpen(fridayAfternoon, at('2026-10-10', 6, '14:30'))).toBe(false);
  });

  it('says when a service opens after a week of holidays, with the real weekday', () => {
    expect(nextOpening(weekdays, at('2026-09-30', 3, '18:00'), national)).toEqual({ daysAhead: 9, day: '2026-10-09', weekday: 5, time: '09:00' });
    expect(nextOpening(weekdays, at('2026-09-30', 3, '18:00'))).toEqual({ daysAhead: 1, day: '2026-10-01', weekday: 4, time: '09:00' });
    expect(nextOpening(fridayAfternoon, at('2026-10-09', 5, '16:00'), national)).toEqual({ daysAhead: 1, day: '2026-10-10', weekday: 6, time: '14:00' });
  });

  it('offers no appointment slots on a holiday and the weekday slots on a worked Saturday', () => {
    expect(slotsOfDay('2026-10-07', 'Asia/Shanghai', weekdays, 60, national)).toEqual([]);
    expect(slotsOfDay('2026-10-07', 'Asia/Shanghai', [], 60, national)).toEqual([]);
    const saturday = slotsOfDay('2026-10-10', 'Asia/Shanghai', weekdays, 60, national);
    expect(saturday.map((s) => s.start.toISOString())).toEqual(['2026-10-10T01:00:00.000Z', '2026-10-10T02:00:00.000Z', '2026-10-10T03:00:00.000Z']);
    expect(slotsOfDay('2026-10-10', 'Asia/Shanghai', weekdays, 60)).toEqual([]);
  });
});
