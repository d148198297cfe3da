import { describe, expect, it } from 'vitest';
import { type AdviceCounter, type AdviceService, staffingAdvice } from '../../server/domain/staffing-advice';

const services: AdviceService[] = [
  { id: 'A', label: 'A 户籍', waiting: 12, estimatedMinutes: 36 },
  { id: 'B', label: 'B 社保', waiting: 1, estimatedMinutes: 4 },
  { id: 'C', label: 'C 不动产', waiting: 0, estimatedMinutes: 0 },
];

const counter = (over: Partial<AdviceCounter> & { id: string }): AdviceCounter => ({
  number: Number(over.id.slice(1)),
  label: `${over.id}号窗口`,
  kind: 'general',
  activity: 'serving',
  serviceIds: ['A'],
  ...over,
});

describe('staffing advice', () => {
  it('no advice while every estimate is within the target', () => {
    expect(staffingAdvice(services.slice(1), [counter({ id: 'c1', activity: 'idle' })], 20)).toEqual([]);
  });

  it('an idle general counter comes first, then one not yet serving the service', () => {
    const advice = staffingAdvice(
      services,
      [
        counter({ id: 'c1', serviceIds: ['A', 'B'] }),
        counter({ id: 'c2', serviceIds: ['B', 'C'] }),
        counter({ id: 'c3', serviceIds: ['C'], activity: 'idle' }),
      ],
      20,
    );
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatchObject({ serviceId: 'A', reason: 'idle', counter: { id: 'c3', number: 3, alreadyServes: false } });
    const busyOnly = staffingAdvice(services, [counter({ id: 'c1', serviceIds: ['A', 'B'] }), counter({ id: 'c2', serviceIds: ['B', 'C'] })], 20);
    expect(busyOnly[0]).toMatchObject({ reason: 'low_waits', counter: { id: 'c2', alreadyServes: false }, counterMaxWait: 4 });
  });

  it('never moves a dedicated counter, a paused one, or one whose own queues are long', () => {
    const long: AdviceService[] = [...services, { id: 'D', label: 'D', waiting: 4, estimatedMinutes: 15 }];
    const advice = staffingAdvice(
      long,
      [
        counter({ id: 'c1', kind: 'dedicated', activity: 'idle', serviceIds: ['C'] }),
        counter({ id: 'c2', activity: 'paused', serviceIds: ['C'] }),
        counter({ id: 'c3', serviceIds: ['D'] }),
      ],
      20,
    );
    expect(advice[0]).toMatchObject({ serviceId: 'A', counter: null, reason: 'none' });
  });

  it('suggests opening a closed general counter when none can be spared', () => {
    const advice = staffingAdvice(services, [counter({ id: 'c6', activity: 'closed', serviceIds: ['C'] }), counter({ id: 'c13', activity: 'closed', serviceIds: ['A'] })], 20);
    expect(advice[0]).toMatchObject({ reason: 'open_closed', counter: { id: 'c13', alreadyServes: true } });
  });

  it('names a different counter for each service over target, the longest wait first', () => {
    const two: AdviceService[] = [
      { id: 'A', label: 'A', waiting: 8, estimatedMinutes: 25 },
      { id: 'B', label: 'B', waiting: 9, estimatedMinutes: 40 },
      { id: 'C', label: 'C', waiting: 0, estimatedMinutes: 0 },
    ];
    const advice = staffingAdvice(two, [counter({ id: 'c1', activity: 'idle', serviceIds: ['C'] }), counter({ id: 'c2', activity: 'idle', serviceIds: ['C'] })], 20);
    expect(advice.map((a) => [a.serviceId, a.counter?.id])).toEqual([
      ['B', 'c1'],
      ['A', 'c2'],
    ]);
  });
});
