// Drivers: postgres. Why: two processes share one database, which PGlite cannot.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import type { HallEvent, Snapshot } from '../../server/contracts/realtime';
import { rooms } from '../../server/realtime/rooms';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { must, request, str } from '../support/http-client';
import {
  type DisplaySocket,
  type StreamProbe,
  collect,
  freshSnapshot,
  inBatches,
  nextEvent,
  openHallStream,
  openSocket,
  range,
  waitMs,
} from '../support/realtime-client';
import { type RealtimeTestServer, startRealtimeServer } from '../support/realtime-server';
import { eventsOf } from '../support/results';
import { login } from '../support/server';

/**
 * Two processes' worth of server — each its own services, pool, Socket.IO and relay — on
 * two ports, sharing one PostgreSQL database and one Redis. Always on PostgreSQL: PGlite
 * is one process's private database.
 */
const redisUrl = process.env.HB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// A stream of this run's own: parallel runs on the same Redis never see each other.
const streamName = `hallboard-test-${randomBytes(6).toString('hex')}`;

let dbA: DbHandle & { url: string | null };
let dbB: DbHandle;
let serverA: RealtimeTestServer;
let serverB: RealtimeTestServer;
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  dbA = await openTestDb('postgres');
  dbB = await openDb({ url: must(dbA.url, 'database url'), poolSize: 10 });
  serverA = await startRealtimeServer(dbA.db, { redisUrl, redisStreamName: streamName });
  serverB = await startRealtimeServer(dbB.db, { redisUrl, redisStreamName: streamName });
});
afterEach(() => {
  for (const close of cleanup.splice(0)) close();
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
  // The servers' Redis clients quit after their last message: the stream is complete now.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    await redis.del(streamName);
    expect(await redis.exists(streamName)).toBe(0);
  } finally {
    redis.disconnect();
  }
  await dbB.close();
  await dbA.close();
});

async function issue(server: RealtimeTestServer, hall: HallFixture, prefix: string) {
  const reply = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: must(hall.serviceIds[prefix]) },
  });
  expect(reply.status, reply.text).toBe(201);
  return str(reply.json, 'ticket', 'number');
}

async function act(server: RealtimeTestServer, hall: HallFixture, cookie: string, counter: number, action: string, json: unknown = {}) {
  const reply = await request(server.url, `/api/v1/counters/${must(hall.counterIds[counter])}/${action}`, {
    method: 'POST',
    cookie,
    json,
  });
  expect(reply.status, `${action}: ${reply.text}`).toBe(200);
  return reply.json;
}

/** Waits until a message published by `from` reaches the sockets of `to` through the Redis stream. */
async function linked(from: RealtimeTestServer, to: RealtimeTestServer, hall: HallFixture, sockets: number) {
  const probeRoom = `probe:${randomBytes(4).toString('hex')}`;
  await expect
    .poll(
      () => {
        from.realtime.io.of('/display').in(rooms.hall(hall.hallId)).socketsJoin(probeRoom);
        return to.realtime.io.of('/display').adapter.rooms.get(probeRoom)?.size ?? 0;
      },
      { timeout: waitMs },
    )
    .toBe(sockets);
}

function display(server: RealtimeTestServer, hall: HallFixture) {
  const socket = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } });
  cleanup.push(() => socket.close());
  const snapshot = nextEvent<Snapshot>(socket, 'snapshot');
  snapshot.catch(() => undefined); // awaited by the test; never an unhandled rejection
  return { socket, pushed: collect<HallEvent>(socket, 'event'), snapshot };
}

function stream(server: RealtimeTestServer, hall: HallFixture): StreamProbe {
  const probe = openHallStream(server.url, hall.slug);
  cleanup.push(probe.close);
  return probe;
}

it('a call made through process A reaches a display on process B once and in order', async () => {
  const hall = await createHallFixture(dbA.db);
  const onB = display(serverB, hall);
  expect((await onB.snapshot).seq).toBe(0);
  const probe = stream(serverB, hall);
  await expect.poll(() => probe.state()?.seq, { timeout: waitMs }).toBe(0);
  await linked(serverA, serverB, hall, 2);

  const c1 = await login(serverA.url, hall.usernameOf(1), fixturePassword);
  const c2 = await login(serverA.url, hall.usernameOf(2), fixturePassword);
  const numbers = await inBatches(20, 5, () => issue(serverA, hall, 'A'));
  expect(new Set(numbers).size).toBe(20);
  // 20 calls, two counters at once, each call served to the end.
  const calls: string[] = [];
  await Promise.all(
    [
      [1, c1],
      [2, c2],
    ].map(async ([counter, cookie]) => {
      for (let i = 0; i < 10; i += 1) {
        calls.push(str(await act(serverA, hall, String(cookie), Number(counter), 'call-next'), 'ticket', 'number'));
        await act(serverA, hall, String(cookie), Number(counter), 'start');
        await act(serverA, hall, String(cookie), Number(counter), 'complete', { outcome: 'handled' });
      }
    }),
  );
  expect(new Set(calls)).toEqual(new Set(numbers));
  // The last command is the barrier: A's messages travel one ordered stream, so whatever
  // A sent before it (a duplicate included) reaches B before it.
  await act(serverA, hall, c1, 1, 'pause', { reason: '交接班' });

  const rows = await eventsOf(dbA.db, hall.hallId);
  const latest = rows.length;
  await expect.poll(() => onB.pushed[onB.pushed.length - 1]?.seq, { timeout: waitMs }).toBe(latest);
  expect(onB.pushed.map((e) => e.seq)).toEqual(range(1, latest));
  expect(onB.pushed.map((e) => [e.type, e.at])).toEqual(rows.map((r) => [r.type, r.at.toISOString()]));
  const calledOnB = onB.pushed.filter((e) => e.type === 'ticket.called');
  expect(calledOnB).toHaveLength(20);
  expect(calledOnB.map((e) => e.data.number)).toEqual(rows.filter((r) => r.type === 'ticket.called').map((r) => r.data.number));
  for (const e of calledOnB) expect(e.data).toMatchObject({ counterId: expect.any(String) as unknown, serviceId: hall.serviceIds.A });

  await expect.poll(() => probe.stream.appliedSeq, { timeout: waitMs }).toBe(latest);
  expect(probe.applied.map((e) => e.seq)).toEqual(range(1, latest));
  expect(probe.state()).toEqual(await freshSnapshot(serverB.services, hall.hallId));
});

it('commands through both processes reach displays on both, each event once', async () => {
  const hall = await createHallFixture(dbA.db);
  const onA = display(serverA, hall);
  const onB = display(serverB, hall);
  await Promise.all([onA.snapshot, onB.snapshot]);
  const streamA = stream(serverA, hall);
  const streamB = stream(serverB, hall);
  await expect.poll(() => [streamA.state()?.seq, streamB.state()?.seq], { timeout: waitMs }).toEqual([0, 0]);
  await linked(serverA, serverB, hall, 2);
  await linked(serverB, serverA, hall, 2);

  const cookieA = await login(serverA.url, hall.usernameOf(1), fixturePassword);
  const cookieB = await login(serverB.url, hall.usernameOf(2), fixturePassword);
  await inBatches(12, 4, (i) => issue(i % 2 ? serverA : serverB, hall, 'A'));
  for (let i = 0; i < 5; i += 1) {
    await act(serverA, hall, cookieA, 1, 'call-next');
    await act(serverB, hall, cookieB, 2, 'call-next');
    await act(serverA, hall, cookieA, 1, 'start');
    await act(serverB, hall, cookieB, 2, 'no-show');
    await act(serverA, hall, cookieA, 1, 'complete', {});
  }
  const latest = (await eventsOf(dbA.db, hall.hallId)).length;

  // Each process pushes its own commits at once and the other's through Redis, so the two
  // streams may interleave on the wire; every event still arrives once, and HallStream
  // applies them in seq order.
  for (const side of [onA, onB]) {
    await expect.poll(() => new Set(side.pushed.map((e) => e.seq)).size, { timeout: waitMs }).toBe(latest);
  }
  for (const probe of [streamA, streamB]) {
    await expect.poll(() => probe.stream.appliedSeq, { timeout: waitMs }).toBe(latest);
    expect(probe.applied.map((e) => e.seq)).toEqual(range(1, latest));
    expect(probe.state()).toEqual(await freshSnapshot(serverA.services, hall.hallId));
  }
  // A last command through each process is a barrier for that process's stream.
  await act(serverA, hall, cookieA, 1, 'pause', { reason: '交接班' });
  await act(serverB, hall, cookieB, 2, 'pause', { reason: '交接班' });
  for (const side of [onA, onB]) {
    await expect.poll(() => side.pushed.filter((e) => e.type === 'counter.updated').length, { timeout: waitMs }).toBe(2);
    expect(side.pushed.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(1, latest + 2));
  }
});
