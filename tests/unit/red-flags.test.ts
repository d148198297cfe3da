import { describe, expect, it } from 'vitest';
import { type FlagCounter, type FlagInput, flagHref, longestBadRun, redFlags } from '../../server/domain/red-flags';

const now = new Date('2026-11-27T03:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

const counter = (over: Partial<FlagCounter> = {}): FlagCounter => ({
  id: 'c1',
  number: 1,
  label: '1号综合窗口',
  activity: 'serving',
  since: minutesAgo(1),
  pauseReason: null,
  serviceIds: ['a'],
  ratingLevels: [],
  ...over,
});

const input = (over: Partial<FlagInput> = {}): FlagInput => ({
  now,
  thresholds: { waitTargetMinutes: 20, pauseFlagMinutes: 15, idleFlagMinutes: 10, badRatingStreak: 2 },
  services: [{ id: 'a', label: 'A 户籍', waiting: 0, estimatedMinutes: 0 }],
  counters: [],
  cases: [],
  conditional: [],
  workOrders: [],
  outOfTurn: [],
  ...over,
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a flag');
  return value;
}

const kinds = (i: FlagInput) => redFlags(i).map((f) => f.kind);

describe('red flags: waits', () => {
  it('flags a service whose estimate is over the target, high at 1.5× the target', () => {
    const over = redFlags(input({ services: [{ id: 'a', label: 'A 户籍', waiting: 6, estimatedMinutes: 25 }] }));
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ kind: 'wait_over_target', severity: 'warn', minutes: 25, count: 6, target: 20 });
    const far = redFlags(input({ services: [{ id: 'a', label: 'A 户籍', waiting: 9, estimatedMinutes: 30 }] }));
    expect(far[0]?.severity).toBe('high');
  });

  it('does not flag a service at the target, or one nobody waits for', () => {
    expect(kinds(input({ services: [{ id: 'a', label: 'A', waiting: 4, estimatedMinutes: 20 }] }))).toEqual([]);
    expect(kinds(input({ services: [{ id: 'a', label: 'A', waiting: 0, estimatedMinutes: 40 }] }))).toEqual([]);
  });
});

describe('red flags: counters', () => {
  it('a pause flags only from the threshold on, with its reason', () => {
    expect(kinds(input({ counters: [counter({ activity: 'paused', since: minutesAgo(14) })] }))).toEqual([]);
    const flags = redFlags(input({ counters: [counter({ activity: 'paused', since: minutesAgo(15), pauseReason: '系统故障' })] }));
    expect(flags[0]).toMatchObject({ kind: 'counter_paused_long', severity: 'warn', minutes: 15, note: '系统故障', key: 'counter_paused_long:c1' });
    expect(redFlags(input({ counters: [counter({ activity: 'paused', since: minutesAgo(30) })] }))[0]?.severity).toBe('high');
  });

  it('a resumed counter carries no pause flag however long it had paused', () => {
    expect(kinds(input({ counters: [counter({ activity: 'serving', since: minutesAgo(60) })] }))).toEqual([]);
  });

  it('idle too long flags only while a queue it serves has people', () => {
    const idle = counter({ activity: 'idle', since: minutesAgo(12) });
    expect(kinds(input({ counters: [idle] }))).toEqual([]);
    const withQueue = input({ counters: [idle], services: [{ id: 'a', label: 'A', waiting: 3, estimatedMinutes: 5 }] });
    expect(redFlags(withQueue)[0]).toMatchObject({ kind: 'counter_idle_with_queue', minutes: 12, count: 3 });
    const otherQueue = input({
      counters: [idle],
      services: [
        { id: 'a', label: 'A', waiting: 0, estimatedMinutes: 0 },
        { id: 'b', label: 'B', waiting: 5, estimatedMinutes: 5 },
      ],
    });
    expect(kinds(otherQueue)).toEqual([]);
    expect(kinds(input({ counters: [counter({ activity: 'idle', since: minutesAgo(9) })], services: withQueue.services }))).toEqual([]);
  });

  it('bad ratings in a row at a counter, at the streak setting', () => {
    expect(longestBadRun(['dissatisfied', 'satisfied', 'very_dissatisfied'])).toBe(1);
    expect(longestBadRun(['satisfied', 'dissatisfied', 'very_dissatisfied', 'satisfied'])).toBe(2);
    expect(kinds(input({ counters: [counter({ ratingLevels: ['dissatisfied', 'satisfied', 'dissatisfied'] })] }))).toEqual([]);
    const flags = redFlags(input({ counters: [counter({ ratingLevels: ['satisfied', 'dissatisfied', 'very_dissatisfied'] })] }));
    expect(flags[0]).toMatchObject({ kind: 'bad_rating_streak', severity: 'high', count: 2 });
  });

  it('out-of-turn calls are counted per counter, a warning from three', () => {
    const c2 = counter({ id: 'c2', number: 2 });
    const some = redFlags(input({ counters: [counter(), c2], outOfTurn: [{ counterId: 'c2' }] }));
    expect(some).toHaveLength(1);
    expect(some[0]).toMatchObject({ kind: 'out_of_turn_calls', severity: 'info', count: 1, subject: { id: 'c2' } });
    const many = redFlags(input({ counters: [c2], outOfTurn: [{ counterId: 'c2' }, { counterId: 'c2' }, { counterId: 'c2' }] }));
    expect(many[0]?.severity).toBe('warn');
  });
});

describe('red flags: overdue items', () => {
  it('flags cases, 容缺 items and work orders past their deadline only', () => {
    const flags = redFlags(
      input({
        cases: [
          { id: 'k1', label: '来回跑', deadline: minutesAgo(90) },
          { id: 'k2', label: '未超期', deadline: minutesAgo(-30) },
        ],
        conditional: [{ id: 'r1', label: '户口本', deadline: minutesAgo(5) }],
        workOrders: [
          { id: 'w1', label: '态度差', step: 'rectify', stepDeadline: minutesAgo(60) },
          { id: 'w2', label: '无期限', step: 'verify', stepDeadline: null },
        ],
      }),
    );
    expect(flags.map((f) => [f.kind, f.subject.id, f.minutes])).toEqual([
      ['case_overdue', 'k1', 90],
      ['work_order_overdue', 'w1', 60],
      ['conditional_overdue', 'r1', 5],
    ]);
    expect(flags[1]?.note).toBe('rectify');
  });
});

describe('red flags: order and links', () => {
  it('puts the most severe first, then the longest-standing', () => {
    const flags = redFlags(
      input({
        counters: [
          counter({ id: 'p1', activity: 'paused', since: minutesAgo(16) }),
          counter({ id: 'p2', activity: 'paused', since: minutesAgo(20) }),
          counter({ id: 'p3', activity: 'paused', since: minutesAgo(40) }),
        ],
      }),
    );
    expect(flags.map((f) => f.subject.id)).toEqual(['p3', 'p2', 'p1']);
  });

  it('links each flag to its detail', () => {
    const all = [
      ...redFlags(input({ services: [{ id: 's1', label: 'A', waiting: 9, estimatedMinutes: 50 }] })),
      ...redFlags(input({ counters: [counter({ activity: 'paused', since: minutesAgo(50) })] })),
      ...redFlags(input({ counters: [counter()], outOfTurn: [{ counterId: 'c1' }] })),
      ...redFlags(input({ cases: [{ id: 'k1', label: 'x', deadline: minutesAgo(1) }] })),
      ...redFlags(input({ workOrders: [{ id: 'w1', label: 'x', step: 'answer', stepDeadline: minutesAgo(1) }] })),
    ];
    expect(flagHref(must(all[0]), 'qiongshan')).toBe('/leader/qiongshan#service-s1');
    expect(flagHref(must(all[1]), 'qiongshan')).toBe('/leader/qiongshan#counter-c1');
    expect(flagHref(must(all[2]), 'qiongshan')).toBe('/leader/qiongshan#fairness');
    expect(flagHref(must(all[3]), 'qiongshan')).toBe('/duty#case-k1');
    expect(flagHref(must(all[4]), 'qiongshan')).toBe('/leader/rectification?hall=qiongshan#order-w1');
  });
});
