import { describe, expect, it } from 'vitest';
import { instantAtWallTime, offsetAt, wallTime, wallTimeMs } from '../../server/domain/zone-time';

describe('the wall time in a zone', () => {
  it('reads the zone’s clock, not the machine’s (the tests run in New York)', () => {
    // 23:05:09 UTC on Friday 27 November is 07:05:09 on Saturday the 28th in Shanghai.
    expect(wallTime(Date.parse('2026-11-27T23:05:09.000Z'), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 28,
      hour: 7,
      minute: 5,
      second: 9,
      weekday: 6,
    });
    expect(wallTime(new Date('2026-11-29T16:00:00.000Z'), 'Asia/Shanghai')).toMatchObject({ day: 30, hour: 0, weekday: 1 });
    expect(wallTime(new Date('2026-03-01T12:00:00.000Z'), 'UTC').weekday).toBe(7);
  });

  it('writes midnight as hour 0, never 24', () => {
    expect(wallTime(Date.parse('2026-03-01T16:00:00.000Z'), 'Asia/Shanghai')).toMatchObject({ day: 2, hour: 0, minute: 0 });
  });

  it('gives the wall time as a UTC timestamp, dropping milliseconds', () => {
    expect(new Date(wallTimeMs(Date.parse('2026-11-27T23:05:09.999Z'), 'Asia/Shanghai')).toISOString()).toBe('2026-11-28T07:05:09.000Z');
  });

  it('knows the offset at each instant, daylight saving included', () => {
    const hour = 3_600_000;
    expect(offsetAt(Date.parse('2026-07-01T00:00:00.000Z'), 'Asia/Shanghai')).toBe(8 * hour);
    expect(offsetAt(Date.parse('2026-01-15T12:00:00.000Z'), 'America/New_York')).toBe(-5 * hour);
    expect(offsetAt(Date.parse('2026-07-15T12:00:00.000Z'), 'America/New_York')).toBe(-4 * hour);
    expect(offsetAt(Date.parse('2026-07-15T12:00:00.000Z'), 'UTC')).toBe(0);
  });

  it('finds the instant at which the clock shows a wall time', () => {
    expect(instantAtWallTime(Date.UTC(2026, 2, 2), 'Asia/Shanghai').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(instantAtWallTime(Date.UTC(2026, 10, 27, 9, 30), 'Asia/Shanghai').toISOString()).toBe('2026-11-27T01:30:00.000Z');
    // New York springs forward at 02:00 on 8 March and falls back at 02:00 on 1 November 2026.
    expect(instantAtWallTime(Date.UTC(2026, 2, 8), 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(instantAtWallTime(Date.UTC(2026, 2, 8, 12), 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(instantAtWallTime(Date.UTC(2026, 10, 1), 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(instantAtWallTime(Date.UTC(2026, 10, 1, 12), 'America/New_York').toISOString()).toBe('2026-11-01T17:00:00.000Z');
  });

  it('round-trips: the clock at the instant found shows the wall time asked for', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Kolkata']) {
      for (const wall of [Date.UTC(2026, 0, 1), Date.UTC(2026, 5, 30, 23, 59), Date.UTC(2026, 9, 25, 8, 15)]) {
        expect(wallTimeMs(instantAtWallTime(wall, zone), zone)).toBe(wall);
      }
    }
  });
});
