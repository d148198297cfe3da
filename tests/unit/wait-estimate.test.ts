import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { estimateWait, isLongCase, usualServiceMinutes, type WaitInput } from '../../server/domain/wait-estimate';

const input = (over: Partial<WaitInput>): WaitInput => ({
  ahead: 0,
  openCounters: 1,
  totalCounters: 1,
  recentServiceMinutes: [],
  typicalServiceMinutes: 10,
  ...over,
});

describe('estimateWait: examples', () => {
  it('nobody ahead and an open counter: low is 0', () => {
    const e = estimateWait(input({ ahead: 0, openCounters: 1, recentServiceMinutes: [4, 4, 4, 4, 4] }));
    expect(e.low).toBe(0);
    // At most the current service ends: ceil(slow quartile / counters) = 4.
    expect(e.high).toBe(4);
    expect(e.reasons).toEqual([]);
  });

  it('ahead 4, 2 counters, six samples of 5 minutes → 10 to 13 minutes', () => {
    const e = estimateWait({
      ahead: 4,
      openCounters: 2,
      totalCounters: 2,
      recentServiceMinutes: [5, 5, 5, 5, 5, 5],
      typicalServiceMinutes: 5,
    });
    // low = floor(4 × 5 / 2) = 10; high = max(11, ceil(5 × 5 / 2) = 13) = 13.
    expect(e).toEqual({ low: 10, high: 13, reasons: [] });
  });

  it('uses the quartiles of recent service times', () => {
    // sorted 2,4,6,8,10: q25 = 4, q75 = 8.
    const e = estimateWait(input({ ahead: 3, openCounters: 1, recentServiceMinutes: [10, 2, 8, 4, 6] }));
    // low = floor(3 × 4) = 12; high = max(13, ceil(4 × 8)) = 32.
    expect(e).toEqual({ low: 12, high: 32, reasons: [] });
  });

  it('fewer than 5 samples: little_history, typicalServiceMinutes × 0.7 / × 1.3', () => {
    const e = estimateWait(input({ ahead: 2, recentServiceMinutes: [1, 1, 1, 1], typicalServiceMinutes: 10 }));
    // fast = 7, slow = 13: low = floor(2 × 7) = 14; high = max(15, ceil(3 × 13)) = 39.
    expect(e).toEqual({ low: 14, high: 39, reasons: ['little_history'] });
  });

  it('invalid samples (negative, NaN, Infinity) do not count towards the 5', () => {
    const e = estimateWait(
      input({ ahead: 1, recentServiceMinutes: [3, 3, 3, 3, -1, Number.NaN, Number.POSITIVE_INFINITY] }),
    );
    expect(e.reasons).toContain('little_history');
  });

  it('no open counter: reason no_open_counter, computed as if one counter were open', () => {
    const e = estimateWait(input({ ahead: 2, openCounters: 0, totalCounters: 3, recentServiceMinutes: [5, 5, 5, 5, 5] }));
    expect(e.reasons).toEqual(['no_open_counter']);
    expect(e).toMatchObject({ low: 10, high: 15 });
  });

  it('no open counter and nobody ahead is still not a zero-width wait', () => {
    const e = estimateWait(input({ ahead: 0, openCounters: 0, recentServiceMinutes: [5, 5, 5, 5, 5] }));
    expect(e.reasons).toContain('no_open_counter');
    expect(e.low).toBe(0);
    expect(e.high).toBeGreaterThanOrEqual(1);
  });

  it('fewer than half the counters open: few_counters_open', () => {
    expect(estimateWait(input({ ahead: 1, openCounters: 1, totalCounters: 4 })).reasons).toContain('few_counters_open');
    expect(estimateWait(input({ ahead: 1, openCounters: 2, totalCounters: 4 })).reasons).not.toContain(
      'few_counters_open',
    );
  });

  it('median far above the typical time: long_service_times', () => {
    const e = estimateWait(input({ ahead: 1, recentServiceMinutes: [20, 20, 20, 20, 20], typicalServiceMinutes: 10 }));
    expect(e.reasons).toEqual(['long_service_times']);
  });

  it('negative ahead is treated as nobody ahead', () => {
    expect(estimateWait(input({ ahead: -3 }))).toEqual(estimateWait(input({ ahead: 0 })));
  });

  it('very quick samples still give a non-zero per-ticket time (0.5 minute floor)', () => {
    const e = estimateWait(input({ ahead: 10, recentServiceMinutes: [0, 0, 0, 0, 0, 0] }));
    expect(e.low).toBe(5);
    expect(e.high).toBeGreaterThan(e.low);
  });
});

const sampleArb = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }),
  fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { minLength: 5, maxLength: 30 }),
);

const inputArb: fc.Arbitrary<WaitInput> = fc.record({
  ahead: fc.integer({ min: 0, max: 200 }),
  openCounters: fc.integer({ min: 0, max: 12 }),
  totalCounters: fc.integer({ min: 0, max: 12 }),
  recentServiceMinutes: sampleArb,
  typicalServiceMinutes: fc.double({ min: 0, max: 60, noNaN: true }),
});

describe('estimateWait: properties', () => {
  it('property: low ≤ high, both non-negative integers', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const e = estimateWait(i);
        expect(Number.isInteger(e.low)).toBe(true);
        expect(Number.isInteger(e.high)).toBe(true);
        expect(e.low).toBeGreaterThanOrEqual(0);
        expect(e.low).toBeLessThanOrEqual(e.high);
      }),
    );
  });

  it('property: more people ahead never lowers low or high', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 50 }), (i, extra) => {
        const a = estimateWait(i);
        const b = estimateWait({ ...i, ahead: i.ahead + extra });
        expect(b.low).toBeGreaterThanOrEqual(a.low);
        expect(b.high).toBeGreaterThanOrEqual(a.high);
      }),
    );
  });

  it('property: more open counters never raises high (nor low)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 10 }), (i, extra) => {
        const a = estimateWait(i);
        const b = estimateWait({ ...i, openCounters: i.openCounters + extra });
        expect(b.high).toBeLessThanOrEqual(a.high);
        expect(b.low).toBeLessThanOrEqual(a.low);
      }),
    );
  });

  it('property: nobody ahead with an open counter means low 0', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 12 }), (i, open) => {
        expect(estimateWait({ ...i, ahead: 0, openCounters: open }).low).toBe(0);
      }),
    );
  });

  it('property: no_open_counter exactly when no counter is open; little_history exactly with < 5 samples', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const e = estimateWait(i);
        expect(e.reasons.includes('no_open_counter')).toBe(i.openCounters <= 0);
        expect(e.reasons.includes('little_history')).toBe(i.recentServiceMinutes.length < 5);
      }),
    );
  });

  it('property: with little history the range brackets typicalServiceMinutes per person', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 30 }),
        (ahead, open, typical) => {
          const e = estimateWait(input({ ahead, openCounters: open, totalCounters: open, typicalServiceMinutes: typical }));
          const point = (ahead * typical) / open;
          expect(e.low).toBeLessThanOrEqual(point);
          expect(e.high).toBeGreaterThanOrEqual(point);
        },
      ),
    );
  });
});

describe('estimateWait: why the wait grew', () => {
  const steady = { recentServiceMinutes: [5, 5, 5, 5, 5], typicalServiceMinutes: 5 };

  it('names paused counters without changing the arithmetic of the open ones', () => {
    const open = estimateWait(input({ ahead: 4, openCounters: 2, totalCounters: 3, ...steady }));
    const paused = estimateWait(input({ ahead: 4, openCounters: 2, totalCounters: 3, pausedCounters: 1, ...steady }));
    expect(open.reasons).not.toContain('counters_paused');
    expect(paused.reasons).toContain('counters_paused');
    expect([paused.low, paused.high]).toEqual([open.low, open.high]);
  });

  it('a long case ahead widens the high end by one slow service per long case, and says so', () => {
    const usual = estimateWait(input({ ahead: 3, openCounters: 1, ...steady }));
    const long = estimateWait(input({ ahead: 3, openCounters: 1, longCases: 1, ...steady }));
    expect(long.reasons).toEqual(['long_case_ahead']);
    expect(long.low).toBe(usual.low);
    expect(long.high).toBe(usual.high + 5);
    expect(estimateWait(input({ ahead: 0, openCounters: 1, longCases: 1, ...steady })).high).toBe(10);
  });

  it('isLongCase: twice the usual time, and at least 10 minutes', () => {
    expect(isLongCase(19, 10)).toBe(false);
    expect(isLongCase(20, 10)).toBe(true);
    expect(isLongCase(9, 3)).toBe(false);
    expect(isLongCase(10, 3)).toBe(true);
  });

  it('usualServiceMinutes: the median of at least 5 recent times, else the typical time', () => {
    expect(usualServiceMinutes([1, 2, 3, 100, 4], 8)).toBe(3);
    expect(usualServiceMinutes([1, 2, 3, 4], 8)).toBe(8);
  });
});
