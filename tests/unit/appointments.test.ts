import { describe, expect, it } from 'vitest';
import {
  addDays,
  blockedUntil,
  checkInWindow,
  codeFromBytes,
  codePattern,
  hallDateTime,
  instantOf,
  slotsOfDay,
} from '../../server/domain/appointments';
import { isoWeekday } from '../../server/domain/hall-calendar';

const rules = { noShowLimit: 3, noShowWindowDays: 30, blockDays: 30 };
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

describe('calendar and zones', () => {
  it('adds days across months and years, and knows the weekday', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isoWeekday('2026-11-27')).toBe(5);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });

  it("finds the instant the hall's clock shows a time, in any zone (DST included)", () => {
    expect(instantOf('2026-11-27', 9 * 60, 'Asia/Shanghai').toISOString()).toBe('2026-11-27T01:00:00.000Z');
    expect(instantOf('2026-11-27', 0, 'Asia/Shanghai').toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(instantOf('2026-07-01', 9 * 60, 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(instantOf('2026-12-01', 9 * 60, 'America/New_York').toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(hallDateTime(new Date('2026-11-27T01:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-27 09:30');
  });
});

describe('slots of a day', () => {
  const hours = [
    { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
    { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
  ];

  it('cut each period into whole slots that end inside it', () => {
    const slots = slotsOfDay('2026-11-27', 'Asia/Shanghai', hours, 45);
    const local = slots.map((s) => hallDateTime(s.start, 'Asia/Shanghai').slice(11));
    expect(local).toEqual(['09:00', '09:45', '10:30', '11:15', '13:30', '14:15', '15:00', '15:45']);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 45 * 60_000)).toBe(true);
  });

  it('are empty on a closed day, and cover the whole day without hours of its own', () => {
    expect(slotsOfDay('2026-11-28', 'Asia/Shanghai', hours, 30)).toEqual([]);
    expect(slotsOfDay('2026-11-28', 'Asia/Shanghai', [], 60)).toHaveLength(24);
    expect(slotsOfDay('2026-11-27', 'Asia/Shanghai', hours, 0)).toEqual([]);
  });

  it('overlapping periods give each slot once', () => {
    const twice = [...hours, { weekdays: [5], from: '09:00', to: '10:00' }];
    expect(slotsOfDay('2026-11-27', 'Asia/Shanghai', twice, 30)).toHaveLength(13);
  });
});

describe('check-in window and the no-show block', () => {
  it('opens before and closes after the slot start', () => {
    const w = checkInWindow(new Date('2026-11-27T02:00:00Z'), { slotMinutes: 30, checkInBeforeMinutes: 30, checkInAfterMinutes: 15 });
    expect(w.opensAt.toISOString()).toBe('2026-11-27T01:30:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-11-27T02:15:00.000Z');
  });

  it('three within 30 days block for 30 days from the third; fewer, or spread wider, do not', () => {
    expect(blockedUntil([day(0), day(10), day(20)], rules, day(21))?.toISOString()).toBe(day(50).toISOString());
    expect(blockedUntil([day(0), day(10), day(20)], rules, day(50))).toBeNull();
    expect(blockedUntil([day(0), day(10)], rules, day(11))).toBeNull();
    expect(blockedUntil([day(0), day(20), day(31)], rules, day(32))).toBeNull();
    // A fourth one extends the block.
    expect(blockedUntil([day(0), day(10), day(20), day(40)], rules, day(41))?.toISOString()).toBe(day(70).toISOString());
    expect(blockedUntil([day(0), day(1), day(2)], { ...rules, noShowLimit: 0 }, day(3))).toBeNull();
  });
});

describe('confirmation codes', () => {
  it('are 8 characters of an alphabet without 0, O, 1 or I', () => {
    const bytes = new Uint8Array(8);
    for (let b = 0; b < 256; b += 1) {
      bytes.fill(b);
      const code = codeFromBytes(bytes);
      expect(code).toMatch(codePattern);
      expect(code).not.toMatch(/[01OI]/);
    }
  });
});
