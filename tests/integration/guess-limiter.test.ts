// Drivers: postgres. Why: the limiter runs on memory or Redis; the database only holds the hall.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { createGuessLimiter } from '../../server/services/guess-limiter';
import type { RateLimitDriver } from '../../server/services/rate-limit-driver';
import { openTestDb } from '../support/db';
import { field, request } from '../support/http-client';
import { startTestServer } from '../support/server';

const redisUrl = process.env.HB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let redis: Redis;
/** This run's own keys, so parallel runs on one Redis never share a count. */
const redisPrefix = `hb-test-${randomBytes(4).toString('hex')}`;
const onRedis = (): RateLimitDriver => ({ kind: 'redis', client: redis, keyPrefix: redisPrefix });

beforeAll(() => {
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
});
afterAll(async () => {
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function missTimes(limiter: ReturnType<typeof createGuessLimiter>, ip: string, times: number) {
  for (let i = 0; i < times; i += 1) await limiter.miss(ip);
}

describe.each([
  ['memory', (): RateLimitDriver => ({ kind: 'memory' })],
  ['redis', onRedis],
])('the block after the last miss (%s)', (_name, driver) => {
  it('outlasts the counting window: the address stays refused for the whole block', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    // 3 misses in 1 s block for 3 s (the hall's rule is 10 in 10 minutes, then 15 minutes).
    const limiter = createGuessLimiter(driver(), 3, 1, 3);
    await missTimes(limiter, ip, 3);
    expect(await limiter.blocked(ip)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await limiter.blocked(ip)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await limiter.blocked(ip)).toBe(false);
  });
});

describe('wrong guesses counted in Redis', () => {
  it('two limiters (two processes) share one budget per address', async () => {
    const first = createGuessLimiter(onRedis());
    const second = createGuessLimiter(onRedis());
    await missTimes(first, '198.51.100.1', 5);
    await missTimes(second, '198.51.100.1', 4);
    expect(await first.blocked('198.51.100.1')).toBe(false);
    expect(await second.blocked('198.51.100.1')).toBe(false);
    await second.miss('198.51.100.1');
    expect(await first.blocked('198.51.100.1')).toBe(true);
    expect(await second.blocked('198.51.100.1')).toBe(true);
    expect(await first.blocked('198.51.100.2')).toBe(false);
    expect(await redis.keys(`${redisPrefix}:guess:*`)).not.toHaveLength(0);
  });

  it('in memory each limiter counts alone; with RATE_LIMITS=off nothing is counted', async () => {
    const first = createGuessLimiter({ kind: 'memory' });
    const second = createGuessLimiter({ kind: 'memory' });
    await missTimes(first, '198.51.100.3', 10);
    expect(await first.blocked('198.51.100.3')).toBe(true);
    expect(await second.blocked('198.51.100.3')).toBe(false);
    const off = createGuessLimiter({ kind: 'off' });
    await missTimes(off, '198.51.100.3', 20);
    expect(await off.blocked('198.51.100.3')).toBe(false);
  });

  describe('over HTTP, two servers on one Redis', () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await openTestDb();
    });
    afterAll(async () => {
      await handle.close();
    });

    it('misses on one server are refused on the other with 429 RATE_LIMITED', async () => {
      const prefix = `${redisPrefix}-http`;
      const driver = (): RateLimitDriver => ({ kind: 'redis', client: redis, keyPrefix: prefix });
      const one = await startTestServer(handle.db, undefined, { rateLimits: driver() });
      const two = await startTestServer(handle.db, undefined, { rateLimits: driver() });
      try {
        for (let i = 0; i < 5; i += 1) {
          expect((await request(one.url, '/api/v1/appointments/ZZZZ2222')).status).toBe(404);
          expect((await request(two.url, '/api/v1/appointments/ZZZZ3333')).status).toBe(404);
        }
        for (const server of [one, two]) {
          const limited = await request(server.url, '/api/v1/appointments/ZZZZ2222');
          expect(limited.status).toBe(429);
          expect(field(limited.json, 'error', 'code')).toBe('RATE_LIMITED');
        }
      } finally {
        await one.close();
        await two.close();
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
      }
    });
  });
});
