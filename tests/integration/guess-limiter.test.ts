// Drivers: postgres. Why: the limiter runs on memory or Redis; the database only holds the hall.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { displayDevices } from '../../db/schema';
import { hashDeviceKey } from '../../server/services/display-devices';
import { createGuessLimiter } from '../../server/services/guess-limiter';
import type { RateLimitDriver } from '../../server/services/rate-limit-driver';
import { openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';
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
    const limiter = createGuessLimiter(driver(), 'appointment-code', 3, 1, 3);
    await missTimes(limiter, ip, 3);
    expect(await limiter.retryAfter(ip)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await limiter.retryAfter(ip)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await limiter.retryAfter(ip)).toBeNull();
  });
});

describe('wrong guesses counted in Redis', () => {
  it('two limiters (two processes) share one budget per address', async () => {
    const first = createGuessLimiter(onRedis(), 'case-lookup');
    const second = createGuessLimiter(onRedis(), 'case-lookup');
    await missTimes(first, '198.51.100.1', 5);
    await missTimes(second, '198.51.100.1', 4);
    expect(await first.retryAfter('198.51.100.1')).toBeNull();
    expect(await second.retryAfter('198.51.100.1')).toBeNull();
    await second.miss('198.51.100.1');
    expect(await first.retryAfter('198.51.100.1')).toBeGreaterThan(0);
    expect(await second.retryAfter('198.51.100.1')).toBeGreaterThan(0);
    expect(await first.retryAfter('198.51.100.2')).toBeNull();
    expect(await redis.keys(`${redisPrefix}:guess:*`)).not.toHaveLength(0);
  });

  it('in memory each limiter counts alone; with RATE_LIMITS=off nothing is counted', async () => {
    const first = createGuessLimiter({ kind: 'memory' }, 'case-lookup');
    const second = createGuessLimiter({ kind: 'memory' }, 'case-lookup');
    await missTimes(first, '198.51.100.3', 10);
    expect(await first.retryAfter('198.51.100.3')).toBeGreaterThan(0);
    expect(await second.retryAfter('198.51.100.3')).toBeNull();
    const off = createGuessLimiter({ kind: 'off' }, 'case-lookup');
    await missTimes(off, '198.51.100.3', 20);
    expect(await off.retryAfter('198.51.100.3')).toBeNull();
  });

  it('counts each purpose apart: wrong case lookups never block a check-in from the same address', async () => {
    const lookups = createGuessLimiter(onRedis(), 'case-lookup');
    const checkIns = createGuessLimiter(onRedis(), 'check-in');
    await missTimes(lookups, '198.51.100.4', 10);
    const wait = await lookups.retryAfter('198.51.100.4');
    // The block is 15 minutes from the last miss.
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(await checkIns.retryAfter('198.51.100.4')).toBeNull();
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

describe('wrong guesses over HTTP, one address for the whole hall', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('ten wrong case lookups refuse the next lookup in the reader\'s terms, never a check-in; a registered kiosk is never counted', async () => {
    const hall = await createHallFixture(handle.db);
    const kioskKey = `hbd_${randomBytes(16).toString('hex')}`;
    await handle.db.insert(displayDevices).values({ hallId: hall.hallId, name: '自助机 1', keyHash: hashDeviceKey(kioskKey), createdAt: new Date() });
    const server = await startTestServer(handle.db, undefined, { rateLimits: { kind: 'memory' } });
    try {
      for (let i = 0; i < 10; i += 1) {
        expect((await request(server.url, '/api/v1/cases/ZX2026000001?phoneLast4=1234')).status).toBe(404);
      }
      const limited = await request(server.url, '/api/v1/cases/ZX2026000001?phoneLast4=1234');
      expect(limited.status).toBe(429);
      expect(field(limited.json, 'error', 'reason')).toBe('TOO_MANY_GUESSES');
      expect(Number(field(limited.json, 'error', 'details', 'retryAfterSeconds'))).toBeGreaterThan(14 * 60);

      const checkIn = (headers: Record<string, string> = {}) =>
        request(server.url, '/api/v1/appointments/ZZZZ9999/check-in', { method: 'POST', json: {}, headers });
      // The same address still checks in: the unknown code is just unknown.
      expect((await checkIn()).status).toBe(404);
      // The kiosk mistypes all day and is never refused; the public address is, after ten.
      for (let i = 0; i < 12; i += 1) expect((await checkIn({ 'x-device-key': kioskKey })).status).toBe(404);
      for (let i = 0; i < 9; i += 1) expect((await checkIn()).status).toBe(404);
      expect((await checkIn()).status).toBe(429);
      expect((await checkIn({ 'x-device-key': kioskKey })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
