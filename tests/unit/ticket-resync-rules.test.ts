import { describe, expect, it } from 'vitest';
import { type LiveTicket, behindBeat, leftQueue } from '../../components/ticket-page/ticket-rules';

const waiting: LiveTicket = {
  number: 'A012',
  serviceId: 's-1',
  status: 'waiting',
  position: 3,
  etaMinutes: { low: 5, high: 10 },
  etaReasons: [],
  calledAt: null,
  counterNumber: null,
  version: 1,
};

describe('behindBeat', () => {
  it('is behind when the visit’s ticket has a newer version (a call whose push was lost)', () => {
    expect(behindBeat(waiting, { number: 'A012', version: 2 })).toBe(true);
  });
  it('is behind when the visit has another current ticket (a transfer)', () => {
    expect(behindBeat(waiting, { number: 'B003', version: 1 })).toBe(true);
  });
  it('is not behind on the same or an older version (a beat read before the last push)', () => {
    expect(behindBeat(waiting, { number: 'A012', version: 1 })).toBe(false);
    expect(behindBeat({ ...waiting, version: 3 }, { number: 'A012', version: 2 })).toBe(false);
  });
});

describe('leftQueue', () => {
  const order = (numbers: string[]) => ({ serviceId: 's-1', order: numbers, eta: numbers.map((): [number, number] => [1, 2]) });
  it('is true when a waiting ticket is no longer in its service’s order', () => {
    expect(leftQueue(waiting, order(['A013', 'A014']))).toBe(true);
  });
  it('is false while it is there, for another service’s order, and once it is not waiting', () => {
    expect(leftQueue(waiting, order(['A011', 'A012']))).toBe(false);
    expect(leftQueue(waiting, { ...order([]), serviceId: 's-2' })).toBe(false);
    expect(leftQueue({ ...waiting, status: 'called' }, order([]))).toBe(false);
  });
});
