import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createChime } from '../../components/display/speech';
import { type LiveTicket, alertStage, fill, hallClock, placeInQueue, queueShapeKey } from '../../components/ticket-page/ticket-rules';

const waiting: LiveTicket = {
  number: 'B005',
  serviceId: 'svc-b',
  status: 'waiting',
  position: 5,
  etaMinutes: { low: 20, high: 30 },
  etaReasons: [],
  calledAt: null,
  counterNumber: null,
};

describe('the ticket page rules (run in the phone, serialised with toString)', () => {
  it('finds its own place, wait and reasons in its service queue order', () => {
    const queue = { serviceId: 'svc-b', order: ['B003', 'B005', 'B006'], eta: [[0, 4], [4, 9], [9, 14]] as Array<[number, number]>, reasons: ['counters_paused'] };
    expect(placeInQueue(waiting, queue)).toMatchObject({ position: 2, etaMinutes: { low: 4, high: 9 }, etaReasons: ['counters_paused'] });
    // The input is not changed: the page keeps the server's last word beside the live place.
    expect(waiting.position).toBe(5);
  });

  it('ignores another service, an order without it, and a ticket that no longer waits', () => {
    const other = { serviceId: 'svc-j', order: ['B005'], eta: [[0, 1]] as Array<[number, number]> };
    expect(placeInQueue(waiting, other)).toBe(waiting);
    expect(placeInQueue(waiting, { serviceId: 'svc-b', order: ['B006'], eta: [[0, 1]] })).toBe(waiting);
    const called = { ...waiting, status: 'called' };
    expect(placeInQueue(called, { serviceId: 'svc-b', order: ['B005'], eta: [[0, 1]] })).toBe(called);
    expect(placeInQueue(waiting, null)).toBe(waiting);
  });

  it('keeps the old wait and reasons when the order has none for its place', () => {
    const queue = { serviceId: 'svc-b', order: ['B004', 'B005'], eta: [[0, 3]] as Array<[number, number]> };
    expect(placeInQueue({ ...waiting, etaReasons: ['long_case_ahead'] }, queue)).toMatchObject({
      position: 2,
      etaMinutes: { low: 20, high: 30 },
      etaReasons: ['long_case_ahead'],
    });
  });

  it('alerts at the threshold once per state; a recall is the same state, a new call is not', () => {
    expect(alertStage({ ...waiting, position: 5 }, 3)).toEqual({ stage: 'far', key: 'far' });
    expect(alertStage({ ...waiting, position: 4 }, 3)).toEqual({ stage: 'nearly', key: 'nearly' });
    expect(alertStage({ ...waiting, position: 1 }, 3).key).toBe(alertStage({ ...waiting, position: 3 }, 3).key);
    expect(alertStage({ ...waiting, position: null }, 3).stage).toBe('far');
    const called = { ...waiting, status: 'called', position: null, calledAt: '2026-11-28T01:00:00.000Z', counterNumber: 10 };
    expect(alertStage(called, 3)).toEqual({ stage: 'called', key: 'called:2026-11-28T01:00:00.000Z:10' });
    expect(alertStage({ ...called, counterNumber: 5 }, 3).key).not.toBe(alertStage(called, 3).key);
    expect(alertStage({ ...called, calledAt: '2026-11-28T01:05:00.000Z' }, 3).key).not.toBe(alertStage(called, 3).key);
    expect(alertStage({ ...waiting, status: 'completed' }, 3)).toEqual({ stage: 'other', key: 'other:completed' });
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('前面还有 {n} 人，{x}', { n: 0 })).toBe('前面还有 0 人，{x}');
    expect(fill('{a}{a}', { a: 'b' })).toBe('bb');
  });

  it('shows times in the hall zone (UTC+8) whatever the phone zone', () => {
    expect(hallClock(Date.parse('2026-11-27T23:05:09.000Z'))).toEqual({ day: '11-28', time: '07:05', seconds: '07:05:09' });
  });

  it('survive serialisation: each rule works from its own source text alone, in a fresh context', () => {
    const revive = <F>(rule: F): F => runInNewContext(`(${String(rule)})`) as F;
    expect(revive(placeInQueue)(waiting, { serviceId: 'svc-b', order: ['B005'], eta: [[0, 2]] })).toMatchObject({ position: 1, etaMinutes: { low: 0, high: 2 } });
    expect(revive(alertStage)({ ...waiting, position: 2 }, 3).stage).toBe('nearly');
    expect(revive(fill)('{n} 人', { n: 2 })).toBe('2 人');
    expect(revive(hallClock)(Date.parse('2026-11-27T16:00:00.000Z')).time).toBe('00:00');
  });

  it('the hall screens’ chime, passed to the page as its source, keeps time without sound', async () => {
    const revived = runInNewContext(`(${String(createChime)})`, { setTimeout }) as typeof createChime;
    const started = Date.now();
    await revived(() => null, 30)();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('queueShapeKey (what a queue push must re-read: "再等 5 分钟" for the last in line)', () => {
  const last: LiveTicket = { ...waiting, moves: { moreTime: { used: false, behind: 0, maxPlaces: 5 } } };
  const order = (numbers: string[]) => ({ serviceId: 'svc-b', order: numbers, eta: numbers.map(() => [0, 5] as [number, number]) });

  it('changes when someone joins behind the last in line, and when they leave', () => {
    const shown = queueShapeKey(last, null);
    expect(queueShapeKey(last, order(['B004', 'B005']))).toBe(shown);
    expect(queueShapeKey(last, order(['B004', 'B005', 'B006']))).not.toBe(shown);
    const withOne = { ...last, moves: { moreTime: { used: false, behind: 1, maxPlaces: 5 } } };
    expect(queueShapeKey(withOne, order(['B005']))).not.toBe(queueShapeKey(withOne, null));
  });

  it('ignores a tail longer than the cap, a used allowance, another service and a ticket not waiting', () => {
    const long = { ...last, moves: { moreTime: { used: false, behind: 5, maxPlaces: 5 } } };
    expect(queueShapeKey(long, order(['B005', 'B006', 'B007', 'B008', 'B009', 'B010', 'B011']))).toBe(queueShapeKey(long, null));
    expect(queueShapeKey({ ...last, moves: { moreTime: { used: true, behind: 0 } } }, null)).toBeNull();
    expect(queueShapeKey(last, { ...order(['B005', 'B006']), serviceId: 'svc-a' })).toBeNull();
    expect(queueShapeKey({ ...last, status: 'called' }, null)).toBeNull();
  });

  it('runs alone, as the page serialises it', () => {
    const alone = runInNewContext(`(${queueShapeKey.toString()})`) as typeof queueShapeKey;
    expect(alone(last, order(['B005', 'B006']))).toBe('behind:1');
  });
});
