import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/client';
import { createHttpServer } from '../../server/app';
import { type Clock, systemClock } from '../../server/domain/clock';
import { type Realtime, createRealtime } from '../../server/realtime';
import { type Services, createServices } from '../../server/services';
import type { RateLimitDriver } from '../../server/services/rate-limit-driver';

export interface RealtimeTestServer {
  url: string;
  port: number;
  services: Services;
  realtime: Realtime;
  close: () => Promise<void>;
}

/** The HTTP API with Socket.IO attached, on an ephemeral port: what main.ts runs, minus Next.js. */
export async function startRealtimeServer(
  db: Db,
  options: {
    clock?: Clock;
    redisUrl?: string;
    /** A name of its own per test run, so parallel runs sharing one Redis never cross. */
    redisStreamName?: string;
    heartbeatMs?: number;
    coalesceMs?: number;
    port?: number;
    rateLimits?: RateLimitDriver;
  } = {},
): Promise<RealtimeTestServer> {
  const services = createServices({ db, clock: options.clock ?? systemClock, rateLimits: options.rateLimits });
  const server = createHttpServer({ services });
  const realtime = await createRealtime(server, {
    services,
    redisUrl: options.redisUrl,
    redisStreamName: options.redisStreamName,
    heartbeatMs: options.heartbeatMs ?? 500,
    coalesceMs: options.coalesceMs ?? 50,
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    realtime,
    close: async () => {
      server.closeAllConnections();
      await realtime.close();
    },
  };
}
