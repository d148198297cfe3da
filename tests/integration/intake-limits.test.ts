// Drivers: postgres. Why: 取号 limits run on memory or Redis (both tested here); the driver does not change them.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import type { HallSettings } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import type { RateLimitDriver } from '../../server/services/rate-limit-driver';
import { openTestDb } from '../support/db';
import { type FixtureService, type HallFixture, createHallFixture } from '../support/hall-fixture';
import { type HttpReply, field, must, request } from '../support/http-client';
import { type TestServer, startTestServer } from '../support/server';

const redisUrl = process.env.HB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Monday 30 November 2026, 09:00 in Shanghai: inside the fixture halls' weekday hours.
const clock = createFakeClock('2026-11-30T01:00:00Z');

let handle: DbHandle;
let redis: Redis;
/** This run's own keys, so parallel runs on one Redis never share a count. */
const redisPrefix = `hb-test-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  handle = await openTestDb();
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
});
afterAll(async () => {
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await handle.close();
});

function take(server: TestServer, hall: HallFixture, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpReply> {
  return request(server.url, `/api/v1/halls/${hall.slug}/tickets`, { method: 'POST', json: { serviceId: must(hall.serviceIds.A), ...body }, headers });
}

const reasonOf = (reply: HttpReply) => field(reply.json, 'error', 'reason');

async function hallWith(settings: Partial<HallSettings>, services?: FixtureService[]) {
  return createHallFixture(handle.db, { settings, ...(services ? { services } : {}) });
}

const drivers: Array<[string, () => RateLimitDriver]> = [
  ['memory', () => ({ kind: 'memory' })],
  ['redis', () => ({ kind: 'redis', client: redis, keyPrefix: redisPrefix })],
];

describe.each(drivers)('取号 limits (%s)', (_name, driver) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(handle.db, clock, { rateLimits: driver(), trustProxy: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a phone over its daily allowance with 429 PHONE_DAILY_LIMIT; other phones go on', async () => {
    const hall = await hallWith({ ticketsPerPhonePerDay: 2, ticketsPerIpPerHour: null });
    expect((await take(server, hall, { phone: '13812345678' })).status).toBe(201);
    expect((await take(server, hall, { phone: '13812345678' })).status).toBe(201);
    const refused = await take(server, hall, { phone: '13812345678' });
    expect(refused.status).toBe(429);
    expect(field(refused.json, 'error', 'code')).toBe('RATE_LIMITED');
    expect(reasonOf(refused)).toBe('PHONE_DAILY_LIMIT');
    expect(field(refused.json, 'error', 'details', 'limit')).toBe(2);
    expect((await take(server, hall, { phone: '13912345678' })).status).toBe(201);
    expect((await take(server, hall, {})).status).toBe(201);
  });

  it('gives the phone its allowance back when no number was issued (closed, cap reached)', async () => {
    const hall = await hallWith({ ticketsPerPhonePerDay: 1, ticketsPerIpPerHour: null, enforceHours: true }, [
      { prefix: 'A', dailyCap: 1 },
      // Monday afternoons only: closed at 09:00, opens today at 14:00.
      { prefix: 'B', openingHours: [{ weekdays: [1], from: '14:00', to: '17:00' }] },
    ]);
    const closed = await take(server, hall, { serviceId: must(hall.serviceIds.B), phone: '13812345678' });
    expect(closed.status).toBe(409);
    expect(reasonOf(closed)).toBe('SERVICE_CLOSED');
    expect(field(closed.json, 'error', 'details')).toEqual({ opensDay: '2026-11-30', opensTime: '14:00', opensWeekday: 1, daysAhead: 0 });
    expect((await take(server, hall, {})).status).toBe(201);
    const capped = await take(server, hall, { phone: '13812345678' });
    expect(capped.status).toBe(409);
    expect(reasonOf(capped)).toBe('DAILY_CAP');
    expect(field(capped.json, 'error', 'details', 'cap')).toBe(1);
    // Two refusals, no number: the one number of the day is still there (cap aside, on B later).
    clock.set('2026-11-30T06:30:00Z');
    try {
      expect((await take(server, hall, { serviceId: must(hall.serviceIds.B), phone: '13812345678' })).status).toBe(201);
      expect(reasonOf(await take(server, hall, { serviceId: must(hall.serviceIds.B), phone: '13812345678' }))).toBe('PHONE_DAILY_LIMIT');
    } finally {
      clock.set('2026-11-30T01:00:00Z');
    }
  });

  it('throttles one address per hour with 429 IP_LIMIT and a retry delay; addresses are apart', async () => {
    const hall = await hallWith({ ticketsPerPhonePerDay: null, ticketsPerIpPerHour: 3 });
    const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.9, ${ip}` });
    for (let i = 0; i < 3; i++) expect((await take(server, hall, {}, from('198.51.100.7'))).status).toBe(201);
    const refused = await take(server, hall, {}, from('198.51.100.7'));
    expect(refused.status).toBe(429);
    expect(reasonOf(refused)).toBe('IP_LIMIT');
    const retry = Number(field(refused.json, 'error', 'details', 'retryAfterSeconds'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    // The client-written part of X-Forwarded-For is not the address; the proxy's entry is.
    expect((await take(server, hall, {}, from('198.51.100.8'))).status).toBe(201);
  });

  it('never throttles a registered kiosk as an address; a revoked or foreign key counts as anyone', async () => {
    const hall = await hallWith({ ticketsPerPhonePerDay: null, ticketsPerIpPerHour: 2 });
    const other = await hallWith({});
    const issued = await server.services.displayDevices.issue(hall.admin, hall.slug, '1号取号机');
    const foreign = await server.services.displayDevices.issue(other.admin, other.slug, '别的大厅');
    if (!issued.ok || !foreign.ok) throw new Error('device keys not issued');
    const headers = { 'x-forwarded-for': '198.51.100.20', 'x-device-key': issued.data.key };
    for (let i = 0; i < 5; i++) expect((await take(server, hall, { channel: 'kiosk' }, headers)).status).toBe(201);
    // The same address without the key is an ordinary client, within its own allowance.
    expect((await take(server, hall, {}, { 'x-forwarded-for': '198.51.100.20' })).status).toBe(201);
    expect((await take(server, hall, {}, { 'x-forwarded-for': '198.51.100.20' })).status).toBe(201);
    expect(reasonOf(await take(server, hall, {}, { 'x-forwarded-for': '198.51.100.20' }))).toBe('IP_LIMIT');
    expect(reasonOf(await take(server, hall, {}, { ...headers, 'x-device-key': foreign.data.key }))).toBe('IP_LIMIT');
    await server.services.displayDevices.revoke(hall.admin, hall.slug, issued.data.device.id);
    expect(reasonOf(await take(server, hall, {}, headers))).toBe('IP_LIMIT');
  });
});

describe('RATE_LIMITS=off', () => {
  it('issues past every per-phone and per-address limit; caps still hold', async () => {
    const server = await startTestServer(handle.db, clock, { rateLimits: { kind: 'off' } });
    try {
      const hall = await hallWith({ ticketsPerPhonePerDay: 1, ticketsPerIpPerHour: 1 }, [{ prefix: 'A', dailyCap: 4 }, { prefix: 'B' }]);
      for (let i = 0; i < 4; i++) expect((await take(server, hall, { phone: '13812345678' })).status).toBe(201);
      expect(reasonOf(await take(server, hall, { phone: '13812345678' }))).toBe('DAILY_CAP');
    } finally {
      await server.close();
    }
  });
});

describe('hall home and waits', () => {
  it('lists services with guide, live waiting, 秒批 link and when a closed one opens', async () => {
    const server = await startTestServer(handle.db, clock, { rateLimits: { kind: 'off' } });
    try {
      const hall = await hallWith({ enforceHours: true, notices: ['周六上午照常办理'] }, [
        { prefix: 'A', openingHours: [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }] },
        { prefix: 'B', openingHours: [{ weekdays: [2], from: '09:00', to: '12:00' }] },
      ]);
      await take(server, hall, {});
      const home = await request(server.url, `/api/v1/halls/${hall.slug}/home`);
      expect(home.status).toBe(200);
      expect(field(home.json, 'notices')).toEqual(['周六上午照常办理']);
      expect(field(home.json, 'openNow')).toBe(true);
      const services = field(home.json, 'services') as Array<Record<string, unknown>>;
      expect(services.map((s) => [s.prefix, s.waiting, s.openNow])).toEqual([
        ['A', 1, true],
        ['B', 0, false],
      ]);
      expect(services[1]?.nextOpening).toEqual({ daysAhead: 1, day: '2026-12-01', weekday: 2, time: '09:00' });
      expect(field(home.json, 'hours')).toEqual([
        { weekdays: [1], ranges: [{ from: '09:00', to: '12:00' }], partial: true },
        { weekdays: [2], ranges: [{ from: '09:00', to: '12:00' }], partial: false },
        { weekdays: [3, 4, 5], ranges: [{ from: '09:00', to: '12:00' }], partial: true },
      ]);
      const waits = await request(server.url, `/api/v1/halls/${hall.slug}/waits`);
      expect((field(waits.json, 'services') as Array<{ waiting: number }>).map((s) => s.waiting)).toEqual([1, 0]);
      expect((await request(server.url, '/api/v1/halls/no-such-hall/waits')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('says what the intake does: open at any hour where hours are not enforced (the demo halls), closed where they are', async () => {
    const server = await startTestServer(handle.db, clock, { rateLimits: { kind: 'off' } });
    try {
      // Tuesday mornings only, and it is Monday 09:00.
      const tuesdayMornings = [{ weekdays: [2], from: '09:00', to: '12:00' }];
      const tuesdays: FixtureService[] = [
        { prefix: 'A', openingHours: tuesdayMornings },
        { prefix: 'B', openingHours: tuesdayMornings },
      ];
      const statusOf = async (hall: HallFixture) => {
        const home = await request(server.url, `/api/v1/halls/${hall.slug}/home`);
        const waits = await request(server.url, `/api/v1/halls/${hall.slug}/waits`);
        return {
          openNow: field(home.json, 'openNow'),
          nextOpening: field(home.json, 'nextOpening'),
          services: (field(home.json, 'services') as Array<{ openNow: boolean }>).map((s) => s.openNow),
          waits: (field(waits.json, 'services') as Array<{ openNow: boolean }>).map((s) => s.openNow),
        };
      };

      const demo = await hallWith({ enforceHours: false }, tuesdays);
      expect(await statusOf(demo)).toEqual({ openNow: true, nextOpening: null, services: [true, true], waits: [true, true] });
      expect((await take(server, demo, {})).status).toBe(201);

      const enforced = await hallWith({ enforceHours: true }, tuesdays);
      const tuesday = { daysAhead: 1, day: '2026-12-01', weekday: 2, time: '09:00' };
      expect(await statusOf(enforced)).toEqual({ openNow: false, nextOpening: tuesday, services: [false, false], waits: [false, false] });
      expect(reasonOf(await take(server, enforced, {}))).toBe('SERVICE_CLOSED');
    } finally {
      await server.close();
    }
  });
});
