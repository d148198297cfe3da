import { describe, expect, it } from 'vitest';
import { counterActivity, counterLoad } from '../../server/domain/counter-load';
import { localDayBounds, shiftDay, startOfLocalDay } from '../../server/domain/local-day';

const at = (hhmm: string) => new Date(`2026-11-27T${hhmm}:00+08:00`);
const dayStart = at('00:00');

describe('counter load', () => {
  it('busy time over staffed time since the hall started serving', () => {
    const load = counterLoad({
      dayStart,
      servingSince: at('09:00'),
      now: at('10:00'),
      status: 'open',
      statusSince: at('08:30'),
      changes: [{ at: at('08:30'), status: 'open' }],
      busy: [
        { from: at('09:00'), to: at('09:10') },
        { from: at('09:40'), to: null },
      ],
    });
    expect(load.busyMs / 60_000).toBe(30);
    expect(load.availableMs / 60_000).toBe(60);
    expect(load.utilisation).toBe(0.5);
  });

  it('a pause counts as staffed time, closed time does not', () => {
    const load = counterLoad({
      dayStart,
      servingSince: at('09:00'),
      now: at('11:00'),
      status: 'closed',
      statusSince: at('10:30'),
      changes: [
        { at: at('09:30'), status: 'paused' },
        { at: at('10:00'), status: 'open' },
        { at: at('10:30'), status: 'closed' },
      ],
      busy: [{ from: at('09:00'), to: at('09:15') }],
    });
    // Open (inferred before a pause) 9:00–9:30, paused 9:30–10:00, open 10:00–10:30.
    expect(load.availableMs / 60_000).toBe(90);
    expect(load.utilisation).toBeCloseTo(15 / 90);
  });

  it('nothing to say before anyone was served', () => {
    expect(counterLoad({ dayStart, servingSince: null, now: at('09:00'), status: 'open', statusSince: dayStart, changes: [], busy: [] }).utilisation).toBeNull();
  });

  it('what a counter does now, and since when', () => {
    const base = { statusSince: at('08:00'), activeSince: null, lastFinishedAt: null };
    expect(counterActivity({ ...base, status: 'paused', statusSince: at('09:05') })).toEqual({ activity: 'paused', since: at('09:05') });
    expect(counterActivity({ ...base, status: 'open', activeSince: at('09:10') })).toEqual({ activity: 'serving', since: at('09:10') });
    expect(counterActivity({ ...base, status: 'open', lastFinishedAt: at('09:20') })).toEqual({ activity: 'idle', since: at('09:20') });
    expect(counterActivity({ ...base, status: 'open' })).toEqual({ activity: 'idle', since: at('08:00') });
  });
});

describe('hall-local days', () => {
  it('finds local midnight in Shanghai and across a DST change', () => {
    expect(startOfLocalDay('2026-11-27', 'Asia/Shanghai').toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(shiftDay('2026-03-01', -7)).toBe('2026-02-22');
    const bounds = localDayBounds(new Date('2026-11-26T17:00:00Z'), 'Asia/Shanghai');
    expect(bounds).toEqual({ day: '2026-11-27', start: new Date('2026-11-26T16:00:00Z'), end: new Date('2026-11-27T16:00:00Z') });
  });
});
