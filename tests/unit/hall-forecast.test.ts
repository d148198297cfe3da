import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ForecastCounter, type ForecastTicket, forecastHall } from '../../server/domain/hall-forecast';
import { calibrate, rangeOf } from '../../server/domain/wait-range';
import { type PriorityClass, type QueuePolicy, orderQueue } from '../../server/domain/ordering';

const T0 = Date.UTC(2026, 2, 2, 1, 0); // 09:00 in Shanghai
const min = (m: number) => T0 + m * 60_000;
const policy = { interleave: 2, agingMinutes: 600 };

let n = 0;
function ticket(serviceId: string, queuedMin: number, over: Partial<ForecastTicket> = {}): ForecastTicket {
  n += 1;
  return {
    id: `t${String(n).padStart(3, '0')}`,
    number: `${serviceId.toUpperCase()}${String(n).padStart(3, '0')}`,
    serviceId,
    priorityClass: 'normal',
    queuedAt: new Date(min(queuedMin)),
    targetCounterId: null,
    ...over,
  };
}
function counter(id: string, number: number, serviceIds: string[], over: Partial<ForecastCounter> = {}): ForecastCounter {
  return { id, number, status: 'open', serviceIds, normalSincePriority: 0, busy: null, sessions: [], ...over };
}
const idOf = (t: ForecastTicket | undefined) => t?.id ?? '';
const minutes = (pairs: Record<string, number>) => new Map(Object.entries(pairs));
const callMinutes = (f: ReturnType<typeof forecastHall>) =>
  Object.fromEntries(f.tickets.map((t) => [t.id, t.callAt === null ? null : (t.callAt - T0) / 60_000]));

describe('forecastHall', () => {
  it('a general counter serves the oldest ticket across its services: a ticket waits behind other services', () => {
    const a1 = ticket('a', -30);
    const b1 = ticket('b', -20);
    const b2 = ticket('b', -19);
    const a2 = ticket('a', -10);
    const f = forecastHall({
      now: T0,
      policy,
      tickets: [a1, b1, b2, a2],
      counters: [counter('c1', 1, ['a', 'b'])],
      counterMinutes: minutes({ a: 10, b: 5 }),
    });
    expect(f.tickets.map((t) => t.id)).toEqual([a1.id, b1.id, b2.id, a2.id]);
    expect(callMinutes(f)).toEqual({ [a1.id]: 0, [b1.id]: 10, [b2.id]: 15, [a2.id]: 20 });
    const last = f.tickets.find((t) => t.id === a2.id);
    expect(last?.othersFirst).toBe(2);
    expect(last?.reasons).toContain('shared_counters');
    // A newcomer to `a` is called when the counter runs out of work: after a2's 10 minutes.
    expect(f.services.get('a')?.nextCallAt).toBe(min(30));
  });

  it('two counters share the work; a dedicated counter takes only its own service', () => {
    const tickets = [ticket('a', -5), ticket('a', -4), ticket('a', -3), ticket('b', -2)];
    const f = forecastHall({
      now: T0,
      policy,
      tickets,
      counters: [counter('c1', 1, ['a']), counter('c2', 2, ['a', 'b'])],
      counterMinutes: minutes({ a: 10, b: 10 }),
    });
    const at = callMinutes(f);
    expect([at[idOf(tickets[0])], at[idOf(tickets[1])], at[idOf(tickets[2])], at[idOf(tickets[3])]]).toEqual([0, 0, 10, 10]);
  });

  it('the lunch break: a call that would fall in the gap waits for the afternoon session, and says so', () => {
    const sessions = [
      { from: min(-180), to: min(0) }, // until 12:00
      { from: min(90), to: min(300) }, // 13:30 – 17:00
    ];
    const now = min(-15);
    const tickets = [ticket('a', -40), ticket('a', -30)];
    const f = forecastHall({
      now,
      policy,
      tickets,
      counters: [counter('c1', 1, ['a'], { sessions })],
      counterMinutes: minutes({ a: 20 }),
    });
    // The first call ends at 12:05, past the morning session: the next call is at 13:30.
    expect(callMinutes(f)).toEqual({ [idOf(tickets[0])]: -15, [idOf(tickets[1])]: 90 });
    expect(f.tickets[1]?.reasons).toContain('lunch_break');
    expect(f.tickets[0]?.reasons).not.toContain('lunch_break');
  });

  it('a counter paused in the lunch gap comes back when the afternoon session starts', () => {
    const sessions = [
      { from: min(-180), to: min(0) },
      { from: min(90), to: min(300) },
    ];
    const t1 = ticket('a', 10);
    const f = forecastHall({
      now: min(20),
      policy,
      tickets: [t1],
      counters: [counter('c1', 1, ['a'], { sessions, status: 'paused' })],
      counterMinutes: minutes({ a: 10 }),
    });
    expect(callMinutes(f)[t1.id]).toBe(90);
    expect(f.tickets[0]?.reasons).toContain('counters_paused');
  });

  it('closing time: calls past the last session are still made (those who came before closing), and say so', () => {
    const sessions = [{ from: min(-60), to: min(15) }];
    const tickets = [ticket('a', -10), ticket('a', -9), ticket('a', -8)];
    const f = forecastHall({ now: T0, policy, tickets, counters: [counter('c1', 1, ['a'], { sessions })], counterMinutes: minutes({ a: 10 }) });
    expect(f.tickets.map((t) => ((t.callAt ?? NaN) - T0) / 60_000)).toEqual([0, 10, 20]);
    expect(f.tickets.map((t) => t.reasons.includes('closing_time'))).toEqual([false, false, true]);
  });

  it('priority interleave: one priority ticket after every `interleave` normal ones, from the counter memory', () => {
    const normal = [ticket('a', -50), ticket('a', -40), ticket('a', -30), ticket('a', -20)];
    const elderly = ticket('a', -10, { priorityClass: 'elderly' });
    const f = forecastHall({
      now: T0,
      policy: { interleave: 2, agingMinutes: 600 },
      tickets: [...normal, elderly],
      counters: [counter('c1', 1, ['a'], { normalSincePriority: 1 })],
      counterMinutes: minutes({ a: 5 }),
    });
    // One normal since the last priority already: after one more normal the elderly ticket goes.
    expect(f.tickets.map((t) => t.id)).toEqual([idOf(normal[0]), elderly.id, idOf(normal[1]), idOf(normal[2]), idOf(normal[3])]);
  });

  it('a transferred ticket keeps its arrival: it goes before tickets that came after the visit did', () => {
    const early = ticket('a', -30);
    const later = ticket('b', -20);
    const transferred = ticket('b', -60); // first came 60 minutes ago to `a`, now waits in `b`
    const f = forecastHall({
      now: T0,
      policy,
      tickets: [early, later, transferred],
      counters: [counter('c1', 1, ['a', 'b'])],
      counterMinutes: minutes({ a: 10, b: 10 }),
    });
    expect(f.tickets.map((t) => t.id)).toEqual([transferred.id, early.id, later.id]);
  });

  it('a ticket sent to a named counter is called there only; with no counter it has no time', () => {
    const sent = ticket('a', -30, { targetCounterId: 'c2' });
    const other = ticket('a', -20);
    const orphan = ticket('z', -5);
    const f = forecastHall({
      now: T0,
      policy,
      tickets: [sent, other, orphan],
      counters: [counter('c1', 1, ['a']), counter('c2', 2, ['b'], { busy: { serviceId: 'b', since: min(-2) } })],
      counterMinutes: minutes({ a: 10, b: 10 }),
    });
    const byId = new Map(f.tickets.map((t) => [t.id, t]));
    expect(byId.get(sent.id)?.counterId).toBe('c2');
    expect(byId.get(sent.id)?.callAt).toBe(min(8));
    expect(byId.get(other.id)?.callAt).toBe(T0);
    expect(byId.get(orphan.id)?.callAt).toBeNull();
    expect(byId.get(orphan.id)?.reasons).toEqual(['no_open_counter']);
  });

  it('a long case at the counter counts one more usual service and is named', () => {
    const t1 = ticket('a', -5);
    const f = forecastHall({
      now: T0,
      policy,
      tickets: [t1],
      counters: [counter('c1', 1, ['a'], { busy: { serviceId: 'a', since: min(-40) } })],
      counterMinutes: minutes({ a: 10 }),
    });
    expect(f.tickets[0]?.callAt).toBe(min(10));
    expect(f.tickets[0]?.reasons).toContain('long_case_ahead');
  });

  it('property: every ticket some counter can call gets a time, none before now, each counter calls in policy order', () => {
    const classes: PriorityClass[] = ['normal', 'normal', 'normal', 'elderly'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ s: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: -120, max: 0 }), p: fc.integer({ min: 0, max: 3 }) }), { maxLength: 25 }),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        (rows, links) => {
          const ids = ['a', 'b', 'c'];
          const tickets = rows.map((r) => ticket((ids[r.s] ?? 'a'), r.q, { priorityClass: (classes[r.p] ?? 'normal') }));
          const counters = links.map((l, i) => counter(`c${i}`, i + 1, l.map((x) => ids[x] ?? 'a')));
          const f = forecastHall({ now: T0, policy, tickets, counters, counterMinutes: minutes({ a: 7, b: 3, c: 12 }) });
          const served = new Set(counters.flatMap((c) => c.serviceIds));
          expect(f.tickets).toHaveLength(tickets.length);
          for (const t of f.tickets) {
            expect(t.callAt === null).toBe(!served.has(t.serviceId));
            if (t.callAt !== null) expect(t.callAt).toBeGreaterThanOrEqual(T0);
          }
        },
      ),
    );
  });
});

describe('forecastHall on a long queue', () => {
  const classes: PriorityClass[] = ['normal', 'normal', 'normal', 'elderly'];
  const rowsArb = (maxLength: number) =>
    fc.array(fc.record({ s: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: -300, max: 0 }), p: fc.integer({ min: 0, max: 3 }) }), { maxLength });

  it('property: one counter calls in exactly the order call-next would, with or without rules per service', () => {
    fc.assert(
      fc.property(rowsArb(40), fc.boolean(), fc.integer({ min: 0, max: 3 }), (rows, perService, sinceP) => {
        const ids = ['a', 'b', 'c'];
        const tickets = rows.map((r) => ticket(ids[r.s] ?? 'a', r.q, { priorityClass: classes[r.p] ?? 'normal' }));
        // Aging far beyond the play: the order is then the same at every simulated instant.
        const p: QueuePolicy = perService
          ? { interleave: 2, agingMinutes: 10_000, services: { b: { interleave: 0, agingMinutes: 10_000 }, c: { interleave: 3, agingMinutes: 10_000 } } }
          : { interleave: 2, agingMinutes: 10_000 };
        const f = forecastHall({
          now: T0,
          policy: p,
          tickets,
          counters: [counter('c1', 1, ids, { normalSincePriority: sinceP })],
          counterMinutes: minutes({ a: 7, b: 3, c: 12 }),
        });
        const expected = orderQueue(tickets, p, new Date(T0), sinceP).map((o) => o.entry.id);
        expect(f.tickets.map((t) => t.id)).toEqual(expected);
      }),
    );
  });

  it('property: past the played calls every servable ticket still gets a time, none before now, in queue order per service', () => {
    fc.assert(
      fc.property(
        rowsArb(120),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 30 }),
        (rows, links, playedCalls) => {
          const ids = ['a', 'b', 'c'];
          const tickets = rows.map((r) => ticket(ids[r.s] ?? 'a', r.q, { priorityClass: 'normal' }));
          const counters = links.map((l, i) => counter(`c${i}`, i + 1, l.map((x) => ids[x] ?? 'a')));
          const f = forecastHall({ now: T0, policy, tickets, counters, counterMinutes: minutes({ a: 7, b: 3, c: 12 }), playedCalls });
          const served = new Set(counters.flatMap((c) => c.serviceIds));
          expect(f.tickets).toHaveLength(tickets.length);
          const lastCall = new Map<string, number>();
          const byId = new Map(tickets.map((t) => [t.id, t]));
          for (const t of [...f.tickets].sort((x, y) => byQueueOf(byId, x.id, y.id))) {
            expect(t.callAt === null).toBe(!served.has(t.serviceId));
            if (t.callAt === null) continue;
            expect(t.callAt).toBeGreaterThanOrEqual(T0);
            // Normal tickets of one service are called in their queue order.
            expect(t.callAt).toBeGreaterThanOrEqual(lastCall.get(t.serviceId) ?? T0);
            lastCall.set(t.serviceId, t.callAt);
          }
        },
      ),
    );
  });

  it('where the order cannot change, the laid-out rest is exactly the played one', () => {
    const tickets = Array.from({ length: 400 }, (_, i) => ticket(i % 3 === 0 ? 'b' : 'a', -300 + i * 0.5));
    const counters = [counter('c1', 1, ['a']), counter('c2', 2, ['a', 'b']), counter('c3', 3, ['b'])];
    const input = { now: T0, policy, tickets, counters, counterMinutes: minutes({ a: 7, b: 3 }) };
    const full = forecastHall({ ...input, playedCalls: Number.POSITIVE_INFINITY });
    const short = forecastHall({ ...input, playedCalls: 20 });
    expect(callMinutes(short)).toEqual(callMinutes(full));
  });
});

function byQueueOf(byId: Map<string, ForecastTicket>, a: string, b: string): number {
  const x = byId.get(a) as ForecastTicket;
  const y = byId.get(b) as ForecastTicket;
  return x.queuedAt.getTime() - y.queuedAt.getTime() || (x.number < y.number ? -1 : x.number > y.number ? 1 : 0);
}

describe('rangeOf / calibrate', () => {
  it('cold start: a wide range, flagged rough', () => {
    const r = rangeOf(20, 'a', calibrate([]));
    expect(r).toEqual({ low: 5, high: 45, rough: true });
  });

  it('calibrated from the service errors: the range holds the quantiles of actual − expected', () => {
    const samples = Array.from({ length: 50 }, (_, i) => ({ serviceId: 'a', expected: 20, actual: 20 + (i - 25) * 0.5 }));
    const cal = calibrate(samples);
    const r = rangeOf(20, 'a', cal);
    expect(r.rough).toBe(false);
    const inside = samples.filter((s) => s.actual >= r.low && s.actual <= r.high).length / samples.length;
    expect(inside).toBeGreaterThanOrEqual(0.8);
    // The 8%–92% quantiles of errors spread over ±12.5 minutes: about 21 minutes wide.
    expect(r.high - r.low).toBeLessThanOrEqual(23);
  });

  it('a short wait keeps a floor of a few minutes', () => {
    const samples = Array.from({ length: 30 }, () => ({ serviceId: 'a', expected: 10, actual: 10 }));
    const r = rangeOf(1, 'a', calibrate(samples));
    expect(r.high - r.low).toBeGreaterThanOrEqual(1);
    expect(r.low).toBe(0);
  });
});
