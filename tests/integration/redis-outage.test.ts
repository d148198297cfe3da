// Drivers: postgres. Why: two processes share one database, which PGlite cannot.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import type { HallEvent } from '../../server/contracts/realtime';
import { rooms } from '../../server/realtime/rooms';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { must, request, str } from '../support/http-client';
import { type PrivateRedis, privateRedis } from '../support/private-redis';
import { type DisplaySocket, type StreamProbe, collect, openHallStream, openSocket, waitMs } from '../support/realtime-client';
import { type RealtimeTestServer, startRealtimeServer } from '../support/realtime-server';
import { eventsOf } from '../support/results';
import { login } from '../support/server';

/**
 * Redis is optional, never a single point of failure. Two processes share PostgreSQL and a
 * redis-server of this test's own (port 6499), which the test stops and starts again:
 * commands (取号 with its Redis-counted limits included) go on while it is away, screens on the
 * other process fill the gap by seq from the database, and pushes between the processes resume
 * once it is back.
 */
const redis: PrivateRedis = privateRedis(6499);
let dbA: DbHandle & { url: string | null };
let dbB: DbHandle;
let serverA: RealtimeTestServer;
let serverB: RealtimeTestServer;
let limitsClient: Redis;

beforeAll(async () => {
  await redis.start();
  dbA = await openTestDb('postgres');
  dbB = await openDb({ url: must(dbA.url, 'database url'), poolSize: 4 });
  // As server/main.ts makes it: a Redis outage fails the limiter's call at once, so it falls back to memory.
  limitsClient = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  limitsClient.on('error', () => undefined);
  const options = { redisUrl: redis.url, redisStreamName: `hb-outage-${randomUUID().slice(0, 8)}`, heartbeatMs: 300 };
  serverA = await startRealtimeServer(dbA.db, { ...options, rateLimits: { kind: 'redis', client: limitsClient } });
  serverB = await startRealtimeServer(dbB.db, options);
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
  limitsClient.disconnect();
  await redis.stop();
  await dbB.close();
  await dbA.close();
});

async function timedTake(hall: HallFixture) {
  const started = performance.now();
  const reply = await request(serverA.url, `/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: must(hall.serviceIds.A), phone: '13812345678' },
    headers: { 'idempotency-key': randomUUID() },
  });
  return { reply, ms: performance.now() - started };
}

async function linked(hall: HallFixture) {
  const probeRoom = `probe:${randomUUID().slice(0, 8)}`;
  await expect
    .poll(
      () => {
        serverA.realtime.io.of('/display').in(rooms.hall(hall.hallId)).socketsJoin(probeRoom);
        return serverB.realtime.io.of('/display').adapter.rooms.get(probeRoom)?.size ?? 0;
      },
      { timeout: waitMs },
    )
    .toBeGreaterThan(0);
}

it('with Redis stopped, commands succeed and screens on the other process catch up by seq; pushes resume when it is back', async () => {
  const hall = await createHallFixture(dbA.db, { settings: { ticketsPerPhonePerDay: 50, ticketsPerIpPerHour: null } });
  const probe: StreamProbe = openHallStream(serverB.url, hall.slug, { reconnection: true });
  const raw = openSocket<DisplaySocket>(serverB.url, '/display', { auth: { hall: hall.slug }, reconnection: true });
  const pushedToB = collect<HallEvent>(raw, 'event');
  try {
    await expect.poll(() => probe.state()?.seq, { timeout: waitMs }).toBe(0);
    await linked(hall);
    const cookie = await login(serverA.url, hall.usernameOf(1), fixturePassword);
    const callNext = () => request(serverA.url, `/api/v1/counters/${must(hall.counterIds[1])}/call-next`, { method: 'POST', cookie, json: {} });

    await redis.stop();
    // Commands go on, within the deadline, though the limits' store and the push bus are gone.
    for (let i = 0; i < 3; i += 1) {
      const { reply, ms } = await timedTake(hall);
      expect(reply.status, reply.text).toBe(201);
      expect(ms).toBeLessThan(5_000);
    }
    const called = await callNext();
    expect(called.status, called.text).toBe(200);
    const during = (await eventsOf(dbA.db, hall.hallId)).length;
    // The screen on B never got these pushes through Redis; its heartbeat shows it is behind and it resyncs.
    await expect.poll(() => probe.stream.appliedSeq, { timeout: waitMs }).toBe(during);
    expect(probe.applied.map((e) => e.seq)).toEqual(Array.from({ length: during }, (_, i) => i + 1));

    await redis.start();
    // Once the processes' clients have reconnected, a command on A is pushed to B's screens again.
    await linked(hall);
    const before = pushedToB.length;
    const later = await timedTake(hall);
    expect(later.reply.status).toBe(201);
    const number = str(later.reply.json, 'ticket', 'number');
    await expect.poll(() => pushedToB.slice(before).some((e) => e.type === 'ticket.issued' && e.data.number === number), { timeout: waitMs }).toBe(true);
    const total = (await eventsOf(dbA.db, hall.hallId)).length;
    await expect.poll(() => probe.stream.appliedSeq, { timeout: waitMs }).toBe(total);
  } finally {
    probe.close();
    raw.close();
  }
});
