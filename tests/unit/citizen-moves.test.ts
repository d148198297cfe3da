import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { delayPlaces, planDelay, rejoinWindow } from '../../server/domain/citizen-moves';
import { type PriorityClass, type QueueEntry, type QueuePolicy, orderQueue } from '../../server/domain/ordering';

const MIN = 60_000;
const base = new Date('2026-03-02T01:00:00Z').getTime();
const now = new Date(base + 10 * MIN);
const policy: QueuePolicy = { interleave: 2, agingMinutes: 45 };

const entry = (n: number, offsetMs: number, priorityClass: PriorityClass = 'normal'): QueueEntry => ({
  id: `t${String(n).padStart(3, '0')}`,
  number: `A${String(n).padStart(3, '0')}`,
  priorityClass,
  queuedAt: new Date(base + offsetMs),
});


describe('delayPlaces', () => {
  it('turns minutes of service into places, rounded up, between 1 and the cap', () => {
    expect(delayPlaces({ minutes: 5, serviceMinutes: 6, openCounters: 3, maxPlaces: 5 })).toBe(3);
    expect(delayPlaces({ minutes: 5, serviceMinutes: 25, openCounters: 1, maxPlaces: 5 })).toBe(1);
    expect(delayPlaces({ minutes: 5, serviceMinutes: 1, openCounters: 4, maxPlaces: 5 })).toBe(5);
    expect(delayPlaces({ minutes: 5, serviceMinutes: 8, openCounters: 0, maxPlaces: 5 })).toBe(1);
    expect(delayPlaces({ minutes: 5, serviceMinutes: 0, openCounters: 1, maxPlaces: 0 })).toBe(1);
  });
});

describe('planDelay', () => {
  it('moves a normal ticket back among normal ones and priority tickets keep their interleave', () => {
    // Order with interleave 2: A001, A002, P003, A004, A005, P006, A007.
    const entries = [entry(1, 0), entry(2, 1000), entry(3, 2000, 'elderly'), entry(4, 3000), entry(5, 4000), entry(6, 5000, 'disabled'), entry(7, 6000)];
    expect(orderQueue(entries, policy, now).map((o) => o.entry.number)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007']);
    // Place 3 is the priority ticket's turn whatever the normal ones do: two places back is 2.
    expect(planDelay(entries, 't001', 2, policy, now)).toMatchObject({ from: 1, to: 2 });
    const plan = planDelay(entries, 't001', 3, policy, now);
    expect(plan).toMatchObject({ from: 1, to: 4 });
    const moved = entries.map((e) => (e.id === 't001' && plan ? { ...e, queuedAt: plan.queuedAt } : e));
    expect(orderQueue(moved, policy, now).map((o) => o.entry.number)).toEqual(['A002', 'A004', 'A003', 'A001', 'A005', 'A006', 'A007']);
  });

  it('is null for the last ticket, an unknown one, or no places', () => {
    const entries = [entry(1, 0), entry(2, 1000)];
    expect(planDelay(entries, 't002', 3, policy, now)).toBeNull();
    expect(planDelay(entries, 'nope', 3, policy, now)).toBeNull();
    expect(planDelay(entries, 't001', 0, policy, now)).toBeNull();
  });

  it('tickets queued in the same millisecond cannot be split: within the bound, or not at all', () => {
    const entries = [entry(1, 0), entry(2, 0), entry(3, 0), entry(4, 0), entry(5, 5000)];
    expect(planDelay(entries, 't001', 2, policy, now)).toBeNull();
    expect(planDelay(entries, 't001', 3, policy, now)).toMatchObject({ from: 1, to: 4 });
  });

  it("an aged priority ticket never takes another priority ticket's turn by moving back", () => {
    // A002 (green channel) has waited 46 minutes: aged, called first; A003 (elderly) is fresh.
    const entries = [entry(1, 10 * MIN), entry(2, -36 * MIN, 'green_channel'), entry(3, 10 * MIN + 2000, 'elderly'), entry(4, 10 * MIN + 3000), entry(5, 10 * MIN + 4000)];
    const before = orderQueue(entries, policy, now).map((o) => o.entry.number);
    expect(before).toEqual(['A002', 'A001', 'A004', 'A003', 'A005']);
    // Taking the next priority turn (place 3) would push A003 back: three places are not possible…
    expect(planDelay(entries, 't002', 3, policy, now)).toBeNull();
    // …four are, behind A003 in its lane.
    const plan = planDelay(entries, 't002', 4, policy, now);
    expect(plan).toMatchObject({ from: 1, to: 5 });
    const moved = entries.map((e) => (e.id === 't002' && plan ? { ...e, queuedAt: plan.queuedAt } : e));
    const after = orderQueue(moved, policy, now).map((o) => o.entry.number);
    expect(after.indexOf('A003')).toBeLessThanOrEqual(before.indexOf('A003'));
    expect(plan?.to).toBe(after.indexOf('A002') + 1);
  });

  const spec = fc.array(fc.tuple(fc.constantFrom<PriorityClass>('normal', 'normal', 'elderly', 'green_channel'), fc.integer({ min: 0, max: 60 })), {
    minLength: 2,
    maxLength: 25,
  });
  /** Distinct queue times, some old enough to be aged (policy: 45 minutes). */
  const entriesOf = (specs: Array<[PriorityClass, number]>) =>
    specs.map(([cls, minutesAgo], i) => entry(i + 1, 10 * MIN + i * 1000 - minutesAgo * MIN, cls));

  it('property: a plan moves the ticket back within the bound, and nobody else gets a later place', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 6 }), fc.nat(), (specs, places, pick) => {
        const entries = entriesOf(specs);
        const me = entries[pick % entries.length] as QueueEntry;
        const plan = planDelay(entries, me.id, places, policy, now);
        const before = orderQueue(entries, policy, now).map((o) => o.entry.id);
        if (!plan) return true;
        const moved = entries.map((e) => (e.id === me.id ? { ...e, queuedAt: plan.queuedAt } : e));
        const after = orderQueue(moved, policy, now).map((o) => o.entry.id);
        // Others may move up (a priority turn may also come a place sooner), never back.
        const nobodyLater = before.every((id) => id === me.id || after.indexOf(id) <= before.indexOf(id));
        return (
          plan.from === before.indexOf(me.id) + 1 &&
          plan.to === after.indexOf(me.id) + 1 &&
          plan.to > plan.from &&
          plan.to - plan.from <= places &&
          plan.queuedAt.getTime() > me.queuedAt.getTime() &&
          nobodyLater
        );
      }),
    );
  });

  it('property: among normal tickets it moves exactly the places asked, or to the end', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 6 }), fc.nat(), (specs, places, pick) => {
        const entries = entriesOf(specs.map(([, ago]) => ['normal', ago]));
        const me = entries[pick % entries.length] as QueueEntry;
        const plan = planDelay(entries, me.id, places, policy, now);
        const from = orderQueue(entries, policy, now).findIndex((o) => o.entry.id === me.id) + 1;
        if (from === entries.length) return plan === null;
        return plan !== null && plan.to === Math.min(from + places, entries.length);
      }),
    );
  });
});

describe('rejoinWindow', () => {
  it('lasts the given minutes from the no-show, inclusive', () => {
    const at = new Date(base);
    expect(rejoinWindow(at, 10, new Date(base + 10 * MIN))).toEqual({ until: new Date(base + 10 * MIN), expired: false });
    expect(rejoinWindow(at, 10, new Date(base + 10 * MIN + 1)).expired).toBe(true);
  });
});
