// Drivers: postgres. Why: parallel connections are the point, and PGlite has one connection.
/**
 * Concurrency claims of DESIGN.md ("Data"), checked on real PostgreSQL with real
 * parallel connections, through the real HTTP stack:
 * - numbering is gapless and unique per service and day under many parallel issues;
 * - call next never hands one ticket to two counters (FOR UPDATE SKIP LOCKED);
 * - an Idempotency-Key retried in parallel takes effect once and answers the same bytes.
 *
 * Always the 'postgres' driver (PGlite has one connection: nothing would run in parallel).
 * Timings are printed for information only; nothing here asserts on speed, and the
 * generous timeouts only stop a run that hangs (npm test runs this beside the browsers).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, rowsOf } from '../../db/client';
import { dailyCounters, events, halls, tickets } from '../../db/schema';
import { localTime } from '../../server/domain/hall-time';
import { formatTicketNumber } from '../../server/domain/numbering';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { systemClock } from '../../server/domain/clock';
import { type TestServer, login, startTestServer } from '../support/server';

const poolSize = 32;
const prefixes = ['A', 'B', 'C', 'D'] as const;

let handle: DbHandle;
let server: TestServer;

beforeAll(async () => {
  handle = await openTestDb('postgres', poolSize);
  // A load test: thousands of numbers from one address, as RATE_LIMITS=off runs them.
  // Deliberate overload (64 clients on a shared two-core machine): the request deadline (with
  // its 15 s of grace while the database answers) could shed some of it with 503s, as it should
  // in production; this file counts correctness instead.
  server = await startTestServer(handle.db, systemClock, { rateLimits: { kind: 'off' }, requestDeadlineMs: 120_000 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await handle?.close();
}, 60_000);

// ---------------------------------------------------------------- helpers

interface Reply {
  status: number;
  text: string;
}

async function post(path: string, options: { cookie?: string; key?: string; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.key) headers['idempotency-key'] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, text: await res.text() };
}

interface CalledTicket {
  id: string;
  number: string;
  status: string;
  counterId: string | null;
}

function ticketOf(reply: Reply): CalledTicket | null {
  return (JSON.parse(reply.text) as { ticket: CalledTicket | null }).ticket;
}

/** Runs `workers` async loops at once; each takes job numbers from one shared counter. */
async function runParallel(workers: number, jobs: number, work: (job: number, worker: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let job = next++; job < jobs; job = next++) await work(job, worker);
    }),
  );
}

async function query<T>(text: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await handle.db.execute(text));
}

function report(scenario: string, started: number, operations: number, unit: string) {
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `[concurrency] ${scenario}: ${seconds.toFixed(2)} s, ${operations} ${unit}, ${(operations / seconds).toFixed(0)} ${unit}/s`,
  );
}

function counterIdOf(hall: HallFixture, n: number): string {
  const id = hall.counterIds[n];
  if (!id) throw new Error(`no counter ${n}`);
  return id;
}

function serviceIdOf(hall: HallFixture, prefix: string): string {
  const id = hall.serviceIds[prefix];
  if (!id) throw new Error(`no service ${prefix}`);
  return id;
}

async function loginCounters(hall: HallFixture, numbers: number[]): Promise<Map<number, string>> {
  const cookies = await Promise.all(numbers.map((n) => login(server.url, hall.usernameOf(n), fixturePassword)));
  return new Map(numbers.map((n, i) => [n, cookies[i] ?? '']));
}

/** Every event of the hall has a seq 1..max without a hole, and max is the hall's event_seq. */
async function expectGaplessEvents(hall: HallFixture) {
  const [row] = await query<{ n: number; min: number | null; max: number | null; distinct: number; hall_seq: number }>(sql`
    select count(*)::int as n, min(seq)::int as min, max(seq)::int as max, count(distinct seq)::int as distinct,
           (select event_seq from halls where id = ${hall.hallId}) as hall_seq
    from events where hall_id = ${hall.hallId}`);
  expect(row).toBeDefined();
  if (!row) return;
  expect(row.min).toBe(1);
  expect(row.max).toBe(row.n);
  expect(row.distinct).toBe(row.n);
  expect(row.hall_seq).toBe(row.max);
}

/**
 * Seeds `total` waiting tickets over the hall's services in one transaction, as issuing
 * them one by one would leave them: gapless seqs, daily counters, and a ticket.issued
 * event each with the hall's event seq. Issuing itself is what the first scenario tests;
 * here it would only cost time.
 */
async function seedWaiting(hall: HallFixture, total: number) {
  const now = Date.now();
  const day = localTime(new Date(now), 'Asia/Shanghai').day;
  const seqs = new Map<string, number>();
  const rows = Array.from({ length: total }, (_, i) => {
    const prefix = prefixes[i % prefixes.length] ?? 'A';
    const serviceId = serviceIdOf(hall, prefix);
    const seq = (seqs.get(serviceId) ?? 0) + 1;
    seqs.set(serviceId, seq);
    const id = randomUUID();
    // Queue order is the issue order: one millisecond apart, the oldest first.
    const at = new Date(now - (total - i));
    return {
      id,
      hallId: hall.hallId,
      serviceId,
      day,
      seq,
      number: formatTicketNumber(prefix, seq),
      priorityClass: 'normal',
      channel: 'kiosk',
      status: 'waiting',
      queuedAt: at,
      issuedAt: at,
      rootTicketId: id,
      token: randomBytes(18).toString('base64url'),
    };
  });
  await handle.db.transaction(async (tx) => {
    await tx.insert(tickets).values(rows);
    await tx
      .insert(dailyCounters)
      .values([...seqs].map(([serviceId, lastSeq]) => ({ hallId: hall.hallId, serviceId, day, lastSeq })));
    await tx.insert(events).values(
      rows.map((r, i) => ({
        hallId: hall.hallId,
        seq: i + 1,
        type: 'ticket.issued',
        at: r.issuedAt,
        ticketId: r.id,
        actor: `kiosk:${hall.hallId}`,
        data: { number: r.number, serviceId: r.serviceId, channel: r.channel },
      })),
    );
    await tx.update(halls).set({ eventSeq: total }).where(eq(halls.id, hall.hallId));
  });
}

// ---------------------------------------------------------------- scenarios

describe('concurrency on PostgreSQL through HTTP', () => {
  it('issues 5,000 tickets from 64 parallel clients with gapless, unique numbers', async () => {
    const hall = await createHallFixture(handle.db, {
      services: prefixes.map((prefix) => ({ prefix })),
      counters: [{ number: 1, serves: [...prefixes] }],
    });
    const total = 5_000;
    const clients = 64;
    const replies: Array<{ prefix: string; status: number; number: string | null; text: string }> = [];

    const started = performance.now();
    await runParallel(clients, total, async (job) => {
      const prefix = prefixes[job % prefixes.length] ?? 'A';
      const reply = await post(`/api/v1/halls/${hall.slug}/tickets`, { body: { serviceId: serviceIdOf(hall, prefix) } });
      const number = reply.status === 201 ? (JSON.parse(reply.text) as { ticket: { number: string } }).ticket.number : null;
      replies.push({ prefix, status: reply.status, number, text: reply.status === 201 ? '' : reply.text });
    });
    report('issue 5,000 tickets (64 clients)', started, total, 'tickets');

    // Every HTTP answer was 201, with a number unique within its service.
    const failures = replies.filter((r) => r.status !== 201);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(replies).toHaveLength(total);
    for (const prefix of prefixes) {
      const numbers = replies.filter((r) => r.prefix === prefix).map((r) => r.number);
      expect(new Set(numbers).size, `unique numbers for ${prefix}`).toBe(numbers.length);
      expect(numbers.every((n) => n?.startsWith(prefix))).toBe(true);
    }

    // Per service and day: seqs exactly 1..n, numbers formatted from them, counter row at n.
    const rows = await query<{ service_id: string; day: string; seq: number | null; number: string }>(sql`
      select service_id, day::text as day, seq, number from tickets where hall_id = ${hall.hallId}`);
    const counterRows = await query<{ service_id: string; day: string; last_seq: number }>(sql`
      select service_id, day::text as day, last_seq from daily_counters where hall_id = ${hall.hallId}`);
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.service_id}|${r.day}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    let sum = 0;
    for (const [key, group] of groups) {
      const [serviceId, day] = key.split('|');
      const prefix = prefixes.find((p) => hall.serviceIds[p] === serviceId) ?? '?';
      const seqs = group.map((r) => r.seq ?? 0).sort((a, b) => a - b);
      const n = seqs.length;
      expect(seqs, `seqs of ${prefix} on ${day}`).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      for (const r of group) expect(r.number).toBe(formatTicketNumber(prefix, r.seq ?? 0));
      const counter = counterRows.find((c) => c.service_id === serviceId && c.day === day);
      expect(counter?.last_seq, `daily_counters of ${prefix} on ${day}`).toBe(n);
      // What the clients were told is exactly what the table holds.
      const told = replies.filter((r) => r.prefix === prefix).map((r) => r.number);
      expect(new Set(group.map((r) => r.number))).toEqual(new Set(told));
      sum += n;
    }
    expect(sum).toBe(total);
    expect(counterRows).toHaveLength(groups.size);

    await expectGaplessEvents(hall);
    const [issued] = await query<{ n: number }>(sql`
      select count(*)::int as n from events where hall_id = ${hall.hallId} and type = 'ticket.issued'`);
    expect(issued?.n).toBe(total);
  }, 600_000);

  it('drains 2,000 waiting tickets with 20 counters calling in parallel, each ticket called once', async () => {
    const counterNumbers = Array.from({ length: 20 }, (_, i) => i + 1);
    const hall = await createHallFixture(handle.db, {
      services: prefixes.map((prefix) => ({ prefix })),
      counters: counterNumbers.map((number) => ({ number, serves: [...prefixes] })),
    });
    const total = 2_000;

    const seeding = performance.now();
    await seedWaiting(hall, total);
    report('seed 2,000 waiting tickets (bulk insert)', seeding, total, 'tickets');
    const cookies = await loginCounters(hall, counterNumbers);

    const called: Array<{ counter: number; ticketId: string }> = [];
    const unexpected: Array<{ counter: number; step: string; status: number; text: string }> = [];
    /** Waiting tickets seen right after a counter was told the queue is empty. */
    const waitingAfterNull: number[] = [];

    const started = performance.now();
    await Promise.all(
      counterNumbers.map(async (n) => {
        const cookie = cookies.get(n) ?? '';
        const base = `/api/v1/counters/${counterIdOf(hall, n)}`;
        for (;;) {
          const call = await post(`${base}/call-next`, { cookie });
          if (call.status !== 200) {
            unexpected.push({ counter: n, step: 'call-next', status: call.status, text: call.text });
            return;
          }
          const ticket = ticketOf(call);
          if (!ticket) {
            const [w] = await query<{ n: number }>(sql`
              select count(*)::int as n from tickets where hall_id = ${hall.hallId} and status = 'waiting'`);
            waitingAfterNull.push(w?.n ?? 0);
            return;
          }
          called.push({ counter: n, ticketId: ticket.id });
          for (const step of ['start', 'complete'] as const) {
            const reply = await post(`${base}/${step}`, { cookie, body: step === 'complete' ? { outcome: 'handled' } : undefined });
            if (reply.status !== 200) {
              unexpected.push({ counter: n, step, status: reply.status, text: reply.text });
              return;
            }
          }
        }
      }),
    );
    report('drain 2,000 tickets (20 counters: call-next + start + complete)', started, total * 3, 'requests');

    expect(unexpected).toEqual([]);
    expect(called).toHaveLength(total);
    expect(new Set(called.map((c) => c.ticketId)).size).toBe(total);
    console.log(
      `[concurrency] calls per counter: ${counterNumbers.map((n) => called.filter((c) => c.counter === n).length).join(' ')}; ` +
        `waiting seen after each counter's empty answer: ${waitingAfterNull.join(' ')}`,
    );
    // A counter told "nobody waits" while more tickets wait than the other counters could be
    // claiming at that instant would be a false empty queue.
    expect(waitingAfterNull.every((w) => w < counterNumbers.length)).toBe(true);

    const [calls] = await query<{ events: number; tickets: number; twice: number }>(sql`
      select count(*)::int as events, count(distinct ticket_id)::int as tickets,
             (select count(*)::int from (
                select ticket_id from events
                where hall_id = ${hall.hallId} and type = 'ticket.called'
                group by ticket_id having count(*) > 1) d) as twice
      from events where hall_id = ${hall.hallId} and type = 'ticket.called'`);
    expect(calls).toEqual({ events: total, tickets: total, twice: 0 });
    // The counter that the event names is the one the HTTP answer went to.
    const byEvent = await query<{ ticket_id: string; counter_id: string }>(sql`
      select ticket_id, counter_id from events where hall_id = ${hall.hallId} and type = 'ticket.called'`);
    const eventCounter = new Map(byEvent.map((e) => [e.ticket_id, e.counter_id]));
    for (const c of called) expect(eventCounter.get(c.ticketId)).toBe(counterIdOf(hall, c.counter));

    const statuses = await query<{ status: string; n: number }>(sql`
      select status, count(*)::int as n from tickets where hall_id = ${hall.hallId} group by status`);
    expect(statuses).toEqual([{ status: 'completed', n: total }]);
    const [active] = await query<{ n: number }>(sql`
      select count(*)::int as n from tickets
      where hall_id = ${hall.hallId} and status in ('called', 'serving')`);
    expect(active?.n).toBe(0);
    await expectGaplessEvents(hall);
  }, 600_000);

  it('one Idempotency-Key sent 5 times in parallel calls exactly one ticket, with byte-identical answers', async () => {
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A' }],
      counters: [{ number: 1, serves: ['A'] }],
    });
    const rounds = 10;
    for (let i = 0; i < rounds + 2; i += 1) {
      const issued = await server.services.tickets.issue(hall.slug, { serviceId: serviceIdOf(hall, 'A') });
      expect(issued.ok).toBe(true);
    }
    const [cookie] = (await loginCounters(hall, [1])).values();
    const base = `/api/v1/counters/${counterIdOf(hall, 1)}`;
    const actor = `staff:${hall.staffOf(1).id}`;

    const started = performance.now();
    for (let round = 0; round < rounds; round += 1) {
      const key = `call-${round}-${hall.slug}`;
      const replies = await Promise.all(Array.from({ length: 5 }, () => post(`${base}/call-next`, { cookie, key })));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const first = replies[0]?.text ?? '';
      for (const r of replies) expect(r.text).toBe(first);
      const ticket = ticketOf({ status: 200, text: first });
      expect(ticket?.number).toBe(formatTicketNumber('A', round + 1));

      const [events] = await query<{ n: number }>(sql`
        select count(*)::int as n from events where hall_id = ${hall.hallId} and type = 'ticket.called'`);
      expect(events?.n, `ticket.called events after round ${round}`).toBe(round + 1);
      const [commandRows] = await query<{ n: number }>(sql`
        select count(*)::int as n from commands where actor = ${actor} and key = ${key}`);
      expect(commandRows?.n).toBe(1);
      const [calledNow] = await query<{ n: number }>(sql`
        select count(*)::int as n from tickets where hall_id = ${hall.hallId} and status = 'called'`);
      expect(calledNow?.n).toBe(1);

      // Finish it, so the next round can call again.
      expect((await post(`${base}/start`, { cookie })).status).toBe(200);
      expect((await post(`${base}/complete`, { cookie, body: {} })).status).toBe(200);
    }
    report('idempotent call-next (10 rounds × 5 parallel retries)', started, rounds * 5, 'requests');
    const [waiting] = await query<{ n: number }>(sql`
      select count(*)::int as n from tickets where hall_id = ${hall.hallId} and status = 'waiting'`);
    expect(waiting?.n).toBe(2);
    await expectGaplessEvents(hall);
  }, 600_000);

  it('two counters calling at once with one waiting ticket: exactly one gets it (50 rounds)', async () => {
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A' }],
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
      ],
    });
    const cookies = await loginCounters(hall, [1, 2]);
    const rounds = 50;
    const wins = new Map<number, number>([
      [1, 0],
      [2, 0],
    ]);

    const started = performance.now();
    for (let round = 0; round < rounds; round += 1) {
      const issued = await post(`/api/v1/halls/${hall.slug}/tickets`, { body: { serviceId: serviceIdOf(hall, 'A') } });
      expect(issued.status).toBe(201);
      const replies = await Promise.all(
        [1, 2].map((n) => post(`/api/v1/counters/${counterIdOf(hall, n)}/call-next`, { cookie: cookies.get(n) ?? '' })),
      );
      expect(replies.map((r) => r.status)).toEqual([200, 200]);
      const tickets = replies.map(ticketOf);
      const winners = [1, 2].filter((_, i) => tickets[i] !== null);
      expect(winners, `round ${round}`).toHaveLength(1);
      const loser = replies[winners[0] === 1 ? 1 : 0];
      expect(JSON.parse(loser?.text ?? '')).toEqual({ ticket: null });
      const winner = winners[0] ?? 1;
      wins.set(winner, (wins.get(winner) ?? 0) + 1);
      const base = `/api/v1/counters/${counterIdOf(hall, winner)}`;
      const cookie = cookies.get(winner) ?? '';
      expect((await post(`${base}/start`, { cookie })).status).toBe(200);
      expect((await post(`${base}/complete`, { cookie, body: {} })).status).toBe(200);
    }
    report('one ticket, two counters (50 rounds)', started, rounds, 'rounds');
    console.log(`[concurrency] wins: counter 1 ${wins.get(1)}, counter 2 ${wins.get(2)}`);

    const [calls] = await query<{ events: number; tickets: number }>(sql`
      select count(*)::int as events, count(distinct ticket_id)::int as tickets
      from events where hall_id = ${hall.hallId} and type = 'ticket.called'`);
    expect(calls).toEqual({ events: rounds, tickets: rounds });
    const statuses = await query<{ status: string; n: number }>(sql`
      select status, count(*)::int as n from tickets where hall_id = ${hall.hallId} group by status`);
    expect(statuses).toEqual([{ status: 'completed', n: rounds }]);
    await expectGaplessEvents(hall);
  }, 600_000);
});
