// Drivers: postgres. Why: two processes share one database, which PGlite cannot.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import type { LeaderClientEvents, LeaderServerEvents, LiveMetrics, MetricsWatchReply } from '../../server/contracts/leader-live';
import { openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { must } from '../support/http-client';
import { connected, nextEvent, openSocket } from '../support/realtime-client';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../server/app';
import { type Realtime, createRealtime } from '../../server/realtime';
import { type Services, createServices } from '../../server/services';
import { unwrap } from '../support/results';
import { login } from '../support/server';

type LeaderSocket = Socket<LeaderServerEvents, LeaderClientEvents>;

/** Two processes sharing PostgreSQL and Redis: a commit on one reaches leaders watching on the other. */
const redisUrl = process.env.HB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const streamName = `hallboard-leader-${randomBytes(6).toString('hex')}`;

interface Process {
  url: string;
  services: Services;
  realtime: Realtime;
  close: () => Promise<void>;
}

/**
 * One process's worth of server, whose timed refresh of the leaders' figures never fires
 * during the test: a push can only come from a commit, here or on the other process.
 */
async function start(db: DbHandle['db']): Promise<Process> {
  const services = createServices({ db, clock: { now: () => new Date() } });
  const server = createHttpServer({ services });
  const realtime = await createRealtime(server, { services, redisUrl, redisStreamName: streamName, leaderMetricsRefreshMs: 3_600_000 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    realtime,
    close: async () => {
      server.closeAllConnections();
      await realtime.close();
    },
  };
}

describe("the leaders' metrics feed across processes", () => {
  let dbA: DbHandle & { url: string | null };
  let dbB: DbHandle;
  let serverA: Process;
  let serverB: Process;
  let socket: LeaderSocket | null = null;
  beforeAll(async () => {
    dbA = await openTestDb('postgres');
    dbB = await openDb({ url: must(dbA.url, 'database url'), poolSize: 5 });
    serverA = await start(dbA.db);
    serverB = await start(dbB.db);
  });
  afterAll(async () => {
    socket?.close();
    await serverA.close();
    await serverB.close();
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    try {
      await redis.del(streamName);
    } finally {
      redis.disconnect();
    }
    await dbB.close();
    await dbA.close();
  });

  it('pushes new figures to a leader on process B after a counter completes on process A', async () => {
    const hall = await createHallFixture(dbA.db);
    const cookie = await login(serverB.url, hall.leader.username, fixturePassword);
    socket = openSocket<LeaderSocket>(serverB.url, '/leader', { cookie });
    await connected(socket);
    const watching = socket;
    const reply = await new Promise<MetricsWatchReply>((resolve) => watching.emit('metrics:watch', { halls: [hall.slug] }, resolve));
    expect(reply.ok).toBe(true);

    const clerk = hall.staffOf(1);
    const counterId = must(hall.counterIds[1]);
    // Commands keep coming until B has heard of one (the Redis link may still be settling).
    await expect
      .poll(
        async () => {
          const served = nextEvent<LiveMetrics>(watching, 'metrics', (m) => m.served.today > 0, 3_000).then(
            (m) => m.served.today,
            () => 0,
          );
          unwrap(await serverA.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds.A) }));
          unwrap(await serverA.services.counters.callNext(clerk, counterId));
          unwrap(await serverA.services.counters.start(clerk, counterId));
          unwrap(await serverA.services.counters.complete(clerk, counterId, {}));
          return served;
        },
        { timeout: 30_000, interval: 0 },
      )
      .toBeGreaterThan(0);
  });
});
