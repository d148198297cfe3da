import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isPriority,
  nextNormalSincePriority,
  orderQueue,
  priorityClasses,
  type PriorityClass,
  type QueueEntry,
  type QueuePolicy,
} from '../../server/domain/ordering';

const MIN = 60_000;
/** 09:00 in Asia/Shanghai. */
const base = new Date('2026-03-02T01:00:00Z').getTime();
const at = (minutes: number): Date => new Date(base + minutes * MIN);

function byQueue(a: QueueEntry, b: QueueEntry): number {
  const d = a.queuedAt.getTime() - b.queuedAt.getTime();
  if (d !== 0) return d;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// ---------- generators ----------

/** Normal about half the time, otherwise any class of priorityClasses. */
const classArb: fc.Arbitrary<PriorityClass> = fc.oneof(
  fc.constant<PriorityClass>('normal'),
  fc.constantFrom(...priorityClasses),
);

/** Minute granularity within four hours, so equal queuedAt (ties on id) happen often. */
const entryArb: fc.Arbitrary<QueueEntry> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 5 }),
  priorityClass: classArb,
  queuedAt: fc.integer({ min: 0, max: 240 }).map(at),
});

const queueArb = fc.uniqueArray(entryArb, { selector: (e) => e.id, maxLength: 40 });

const policyArb: fc.Arbitrary<QueuePolicy> = fc.record({
  interleave: fc.integer({ min: 0, max: 5 }),
  agingMinutes: fc.integer({ min: 10, max: 120 }),
});

const memoryArb = fc.integer({ min: 0, max: 5 });

/** A "now" after all arrivals, so some tickets may be aged. */
const nowArb = fc.integer({ min: 240, max: 300 }).map(at);

/** `now` at the earliest possible arrival: nobody has waited at all, so nobody is aged. */
const notAgedNow = at(0);

const ids = (xs: readonly { entry: QueueEntry }[]): string[] => xs.map((x) => x.entry.id);

function isAged(e: QueueEntry, policy: QueuePolicy, now: Date): boolean {
  return e.queuedAt.getTime() <= now.getTime() - policy.agingMinutes * MIN;
}

// ---------- examples ----------

function mk(spec: string, minutes: number): QueueEntry {
  return { id: spec, priorityClass: spec.startsWith('P') ? 'elderly' : 'normal', queuedAt: at(minutes) };
}

/** Builds a queue from names in arrival order, one minute apart from `start`. */
function queue(names: string[], start = 100): QueueEntry[] {
  return names.map((n, i) => mk(n, start + i));
}

describe('orderQueue: examples', () => {
  const now = at(120);

  it('interleave 2: N1 N2 N3 P1 N4 P2 → N1 N2 P1 N3 N4 P2', () => {
    const q = queue(['N1', 'N2', 'N3', 'P1', 'N4', 'P2']);
    const out = orderQueue(q, { interleave: 2, agingMinutes: 60 }, now);
    expect(ids(out)).toEqual(['N1', 'N2', 'P1', 'N3', 'N4', 'P2']);
    expect(out.map((o) => o.reason)).toEqual(['normal', 'normal', 'priority', 'normal', 'normal', 'priority']);
  });

  it('interleave 0: every priority ticket goes before every normal one', () => {
    const q = queue(['N1', 'P1', 'N2', 'P2', 'N3']);
    expect(ids(orderQueue(q, { interleave: 0, agingMinutes: 60 }, now))).toEqual(['P1', 'P2', 'N1', 'N2', 'N3']);
  });

  it('the counter memory shortens the first run of normals', () => {
    const q = queue(['N1', 'N2', 'N3', 'P1', 'P2']);
    const policy = { interleave: 3, agingMinutes: 60 };
    expect(ids(orderQueue(q, policy, now, 0))).toEqual(['N1', 'N2', 'N3', 'P1', 'P2']);
    expect(ids(orderQueue(q, policy, now, 2))).toEqual(['N1', 'P1', 'N2', 'N3', 'P2']);
    expect(ids(orderQueue(q, policy, now, 3))).toEqual(['P1', 'N1', 'N2', 'N3', 'P2']);
    expect(ids(orderQueue(q, policy, now, 9))).toEqual(['P1', 'N1', 'N2', 'N3', 'P2']);
  });

  it('priority tickets are taken when no normal ticket waits, whatever the memory', () => {
    const q = queue(['P1', 'P2', 'P3']);
    const out = orderQueue(q, { interleave: 4, agingMinutes: 60 }, now, 0);
    expect(ids(out)).toEqual(['P1', 'P2', 'P3']);
    expect(out.every((o) => o.reason === 'priority')).toBe(true);
  });

  it('aged tickets go first, oldest first, whatever their class', () => {
    const q = [mk('N1', 10), mk('P1', 5), mk('N2', 100), mk('P2', 101), mk('N3', 102)];
    // now = 120, aging 60: queuedAt ≤ 60 is aged, so P1 (5) and N1 (10).
    const out = orderQueue(q, { interleave: 5, agingMinutes: 60 }, now);
    expect(ids(out).slice(0, 2)).toEqual(['P1', 'N1']);
    expect(out.slice(0, 2).every((o) => o.reason === 'aged')).toBe(true);
    expect(out.slice(2).every((o) => o.reason !== 'aged')).toBe(true);
  });

  it('aging boundary: exactly agingMinutes of waiting counts as aged', () => {
    const q = [mk('N1', 100), mk('P1', 60), mk('P2', 61)];
    const out = orderQueue(q, { interleave: 0, agingMinutes: 60 }, now);
    expect(out.map((o) => [o.entry.id, o.reason])).toEqual([
      ['P1', 'aged'],
      ['P2', 'priority'],
      ['N1', 'normal'],
    ]);
  });

  it('aged tickets feed the interleave memory (aged normal counts, aged priority resets)', () => {
    const policy = { interleave: 2, agingMinutes: 60 };
    // An aged normal ticket counts as one normal call: after it, one more normal, then P1.
    const withAgedNormal = [mk('N0', 0), mk('N1', 100), mk('N2', 101), mk('P1', 102), mk('N3', 103)];
    expect(ids(orderQueue(withAgedNormal, policy, now, 0))).toEqual(['N0', 'N1', 'P1', 'N2', 'N3']);
    // An aged priority ticket resets the memory: two normals before P1 even from memory 1.
    const withAgedPriority = [mk('P0', 0), mk('N1', 100), mk('N2', 101), mk('P1', 102), mk('N3', 103)];
    expect(ids(orderQueue(withAgedPriority, policy, now, 1))).toEqual(['P0', 'N1', 'N2', 'P1', 'N3']);
  });

  it('equal queuedAt is broken by id', () => {
    const q: QueueEntry[] = [
      { id: 'b', priorityClass: 'normal', queuedAt: at(100) },
      { id: 'a', priorityClass: 'normal', queuedAt: at(100) },
      { id: 'c', priorityClass: 'normal', queuedAt: at(99) },
    ];
    expect(ids(orderQueue(q, { interleave: 1, agingMinutes: 60 }, now))).toEqual(['c', 'a', 'b']);
  });

  it('an empty queue orders to an empty list', () => {
    expect(orderQueue([], { interleave: 2, agingMinutes: 60 }, now)).toEqual([]);
  });

  it('does not mutate its input', () => {
    const q = queue(['N2', 'P1', 'N1']).reverse();
    const copy = [...q];
    orderQueue(q, { interleave: 1, agingMinutes: 60 }, now);
    expect(q).toEqual(copy);
  });
});

describe('nextNormalSincePriority', () => {
  it('resets on every priority class and counts normals', () => {
    for (const c of priorityClasses) {
      const e: QueueEntry = { id: 'x', priorityClass: c, queuedAt: at(0) };
      expect(nextNormalSincePriority(e, 3)).toBe(c === 'normal' ? 4 : 0);
      expect(isPriority(e)).toBe(c !== 'normal');
    }
  });

  it('property: calling the head of the order and re-ordering the rest with the new memory gives the same tail', () => {
    // What a citizen is told (their place in the whole order) is what successive calls do.
    fc.assert(
      fc.property(queueArb, policyArb, nowArb, memoryArb, (q, policy, now, m) => {
        const full = ids(orderQueue(q, policy, now, m));
        let rest = [...q];
        let memory = m;
        const called: string[] = [];
        while (rest.length > 0) {
          const head = orderQueue(rest, policy, now, memory)[0];
          expect(head).toBeDefined();
          if (!head) return;
          called.push(head.entry.id);
          memory = nextNormalSincePriority(head.entry, memory);
          rest = rest.filter((e) => e !== head.entry);
        }
        expect(called).toEqual(full);
      }),
    );
  });
});

// ---------- properties ----------

describe('orderQueue: properties', () => {
  it('property: output is a permutation of the input (total, no duplicates)', () => {
    fc.assert(
      fc.property(queueArb, policyArb, nowArb, memoryArb, (q, policy, now, m) => {
        const out = orderQueue(q, policy, now, m);
        expect(out).toHaveLength(q.length);
        const outIds = ids(out);
        expect(new Set(outIds).size).toBe(q.length);
        expect([...outIds].sort()).toEqual(q.map((e) => e.id).sort());
        // The very same objects come back.
        for (const o of out) expect(q).toContain(o.entry);
      }),
    );
  });

  it('property: deterministic and independent of input order', () => {
    fc.assert(
      fc.property(
        queueArb.chain((q) =>
          fc.tuple(fc.constant(q), fc.shuffledSubarray(q, { minLength: q.length, maxLength: q.length })),
        ),
        policyArb,
        nowArb,
        memoryArb,
        ([q, shuffled], policy, now, m) => {
          const a = orderQueue(q, policy, now, m);
          const b = orderQueue(shuffled, policy, now, m);
          const c = orderQueue(q, policy, now, m);
          expect(ids(b)).toEqual(ids(a));
          expect(b.map((o) => o.reason)).toEqual(a.map((o) => o.reason));
          expect(c).toEqual(a);
        },
      ),
    );
  });

  it('property: within the normal class and within the priority classes, order is queuedAt then id', () => {
    fc.assert(
      fc.property(queueArb, policyArb, nowArb, memoryArb, (q, policy, now, m) => {
        const out = orderQueue(q, policy, now, m).map((o) => o.entry);
        const normals = out.filter((e) => !isPriority(e));
        const priorities = out.filter((e) => isPriority(e));
        expect(normals).toEqual([...normals].sort(byQueue));
        expect(priorities).toEqual([...priorities].sort(byQueue));
      }),
    );
  });

  it('property: reasons say which lane each ticket came from', () => {
    fc.assert(
      fc.property(queueArb, policyArb, nowArb, memoryArb, (q, policy, now, m) => {
        for (const o of orderQueue(q, policy, now, m)) {
          const expected = isAged(o.entry, policy, now) ? 'aged' : isPriority(o.entry) ? 'priority' : 'normal';
          expect(o.reason).toBe(expected);
        }
      }),
    );
  });

  it('property (aging): aged tickets come before every non-aged ticket, in queuedAt order', () => {
    fc.assert(
      fc.property(queueArb, policyArb, nowArb, memoryArb, (q, policy, now, m) => {
        const out = orderQueue(q, policy, now, m).map((o) => o.entry);
        const agedCount = q.filter((e) => isAged(e, policy, now)).length;
        const head = out.slice(0, agedCount);
        expect(head.every((e) => isAged(e, policy, now))).toBe(true);
        expect(out.slice(agedCount).some((e) => isAged(e, policy, now))).toBe(false);
        expect(head).toEqual([...head].sort(byQueue));
      }),
    );
  });

  it('property (interleave 0): all non-aged priority tickets come before all non-aged normal ones', () => {
    fc.assert(
      fc.property(queueArb, fc.integer({ min: 10, max: 120 }), nowArb, memoryArb, (q, agingMinutes, now, m) => {
        const policy = { interleave: 0, agingMinutes };
        const rest = orderQueue(q, policy, now, m).filter((o) => o.reason !== 'aged');
        const firstNormal = rest.findIndex((o) => o.reason === 'normal');
        if (firstNormal === -1) return;
        expect(rest.slice(firstNormal).every((o) => o.reason === 'normal')).toBe(true);
      }),
    );
  });

  it('property (interleave, nobody aged): first priority pick at index max(0, N − m) when enough normals wait', () => {
    fc.assert(
      fc.property(queueArb, policyArb, memoryArb, (q, policy, m) => {
        const out = orderQueue(q, policy, notAgedNow, m);
        const normals = q.filter((e) => !isPriority(e)).length;
        const priorities = q.length - normals;
        if (priorities === 0) return;
        const expectedFirst = Math.min(normals, Math.max(0, policy.interleave - m));
        expect(out.findIndex((o) => o.reason === 'priority')).toBe(expectedFirst);
      }),
    );
  });

  it('property (interleave, nobody aged): exactly N normals between consecutive priority picks while both lanes wait', () => {
    fc.assert(
      fc.property(queueArb, policyArb, memoryArb, (q, policy, m) => {
        const out = orderQueue(q, policy, notAgedNow, m);
        const pIdx = out.flatMap((o, i) => (o.reason === 'priority' ? [i] : []));
        for (let k = 1; k < pIdx.length; k += 1) {
          const prev = pIdx[k - 1] as number;
          const cur = pIdx[k] as number;
          const between = cur - prev - 1; // all normals, by construction of pIdx
          const normalsLeftAfter = out.slice(cur + 1).some((o) => o.reason === 'normal');
          if (normalsLeftAfter) {
            // Both lanes were non-empty: the run is exactly N.
            expect(between).toBe(policy.interleave);
          } else {
            // The normal lane ran dry: never more than N.
            expect(between).toBeLessThanOrEqual(policy.interleave);
          }
        }
        // And a run of normals never exceeds N while a priority ticket is still waiting after it,
        // except for the first run which is at most N − m.
        const first = pIdx[0];
        if (first !== undefined) expect(first).toBeLessThanOrEqual(Math.max(0, policy.interleave - m));
      }),
    );
  });

  it('property (nobody starves): exact place of every non-aged ticket, and a bound on later arrivals ahead', () => {
    fc.assert(
      fc.property(queueArb, policyArb, nowArb, memoryArb, (q, policy, now, m) => {
        const N = policy.interleave;
        const out = orderQueue(q, policy, now, m).map((o) => o.entry);
        const sorted = [...q].sort(byQueue);
        const aged = sorted.filter((e) => isAged(e, policy, now));
        const pLane = sorted.filter((e) => !isAged(e, policy, now) && isPriority(e));
        const nLane = sorted.filter((e) => !isAged(e, policy, now) && !isPriority(e));
        // The counter's memory once the aged tickets have been called.
        const mAfterAged = aged.reduce((mem, e) => nextNormalSincePriority(e, mem), m);
        const s = Math.max(0, N - mAfterAged); // normals before the first priority pick

        // Priority tickets placed before the k-th normal ticket of the lane.
        const prioritiesBeforeNormal = (k: number): number => {
          if (N === 0) return pLane.length;
          return Math.min(pLane.length, k < s ? 0 : 1 + Math.floor((k - s) / N));
        };
        // Normal tickets placed before the j-th priority ticket of the lane.
        const normalsBeforePriority = (j: number): number => Math.min(nLane.length, s + j * N);

        const laterArrivalsAhead = (e: QueueEntry): number => {
          const idx = out.indexOf(e);
          return out.slice(0, idx).filter((x) => x.queuedAt.getTime() > e.queuedAt.getTime()).length;
        };

        nLane.forEach((e, k) => {
          expect(out.indexOf(e)).toBe(aged.length + k + prioritiesBeforeNormal(k));
          if (N >= 1) {
            // Only priority tickets can overtake a normal one: at most one per N normals called before it, plus one.
            expect(laterArrivalsAhead(e)).toBeLessThanOrEqual(1 + Math.floor(k / N));
          }
        });
        pLane.forEach((e, j) => {
          expect(out.indexOf(e)).toBe(aged.length + j + normalsBeforePriority(j));
          // Only normal tickets can overtake a priority one: at most N per earlier priority ticket, plus N.
          expect(laterArrivalsAhead(e)).toBeLessThanOrEqual(N * (j + 1));
        });
        // Aged tickets are never overtaken by anyone who arrived after them.
        for (const e of aged) expect(laterArrivalsAhead(e)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('rules of their own per service', () => {
  const hall: QueuePolicy = { interleave: 3, agingMinutes: 30 };
  const e = (id: string, serviceId: string, priorityClass: PriorityClass, minutes: number): QueueEntry => ({ id, serviceId, priorityClass, queuedAt: at(minutes) });
  const ids = (entries: QueueEntry[], policy: QueuePolicy, now = at(10)) => orderQueue(entries, policy, now).map((o) => o.entry.id);

  it('a service with interleave 0 has its priority tickets taken at once; the others keep the hall rule', () => {
    const queue = [e('a1', 'A', 'normal', 0), e('b1', 'B', 'elderly', 1), e('a2', 'A', 'normal', 2), e('c1', 'C', 'elderly', 3), e('a3', 'A', 'normal', 4)];
    expect(ids(queue, hall)).toEqual(['a1', 'a2', 'a3', 'b1', 'c1']);
    // C's priority ticket passes B's older one, which still waits for three normal calls.
    expect(ids(queue, { ...hall, services: { C: { interleave: 0, agingMinutes: 30 } } })).toEqual(['c1', 'a1', 'a2', 'a3', 'b1']);
  });

  it("a ticket ages by its own service's minutes", () => {
    const queue = [e('a1', 'A', 'normal', 0), e('b1', 'B', 'normal', 1), e('b2', 'B', 'pregnant', 2)];
    // At 10:07 nothing has waited the hall's 30 minutes; B's own 5 makes b1 and b2 first.
    expect(ids(queue, hall, at(7))).toEqual(['a1', 'b1', 'b2']);
    const policy = { ...hall, services: { B: { interleave: 3, agingMinutes: 5 } } };
    expect(orderQueue(queue, policy, at(7)).map((o) => [o.entry.id, o.reason])).toEqual([
      ['b1', 'aged'],
      ['b2', 'aged'],
      ['a1', 'normal'],
    ]);
  });

  it('without rules per service, entries that name their service order as before', () => {
    fc.assert(
      fc.property(queueArb, (queue) => {
        const tagged = queue.map((q, i) => ({ ...q, serviceId: i % 2 ? 'A' : 'B' }));
        expect(orderQueue(tagged, hall, at(120)).map((o) => o.entry.id)).toEqual(orderQueue(queue, hall, at(120)).map((o) => o.entry.id));
      }),
      { numRuns: 200 },
    );
  });
});
