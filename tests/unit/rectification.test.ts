import { describe, expect, it } from 'vitest';
import { answerDueOf, deadlineOf, isBadRating, isOverdue, nextStep } from '../../server/domain/rectification';

const durations = { verifyHours: 24, rectifyDays: 10, answerDays: 2, reviewDays: 5 };
const at = new Date('2026-11-27T02:00:00Z');

describe('整改 steps', () => {
  it('go verify → rectify → answer → review → closed', () => {
    expect(nextStep('verify')).toBe('rectify');
    expect(nextStep('rectify')).toBe('answer');
    expect(nextStep('answer')).toBe('review');
    expect(nextStep('review')).toBe('closed');
  });

  it('each get their own deadline from the hall settings, counted from when they start', () => {
    expect(deadlineOf('verify', at, durations)?.toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(deadlineOf('rectify', at, durations)?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(deadlineOf('answer', at, durations)?.toISOString()).toBe('2026-11-29T02:00:00.000Z');
    expect(deadlineOf('review', at, durations)?.toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(deadlineOf('closed', at, durations)).toBeNull();
  });

  it('are overdue only while open and past the deadline', () => {
    const deadline = new Date(at.getTime() + 1000);
    expect(isOverdue({ step: 'verify', stepDeadline: deadline }, at)).toBe(false);
    expect(isOverdue({ step: 'verify', stepDeadline: deadline }, new Date(at.getTime() + 1001))).toBe(true);
    expect(isOverdue({ step: 'closed', stepDeadline: deadline }, new Date(at.getTime() + 5000))).toBe(false);
  });

  it('open for 不满意 and 非常不满意 only', () => {
    expect(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'].filter(isBadRating)).toEqual([
      'dissatisfied',
      'very_dissatisfied',
    ]);
  });
});

describe('answerDueOf (when the citizen who rated badly is answered at the latest)', () => {
  const d = { verifyHours: 24, rectifyDays: 10, answerDays: 2, reviewDays: 5 };
  const deadline = new Date('2026-11-28T02:00:00Z');
  const day = 86_400_000;

  it('adds the full length of each step still to come up to the answer', () => {
    expect(answerDueOf('verify', deadline, d)?.getTime()).toBe(deadline.getTime() + 12 * day);
    expect(answerDueOf('rectify', deadline, d)?.getTime()).toBe(deadline.getTime() + 2 * day);
    expect(answerDueOf('answer', deadline, d)).toEqual(deadline);
  });

  it('is null once the answer is behind the order', () => {
    expect(answerDueOf('review', deadline, d)).toBeNull();
    expect(answerDueOf('closed', null, d)).toBeNull();
  });
});
