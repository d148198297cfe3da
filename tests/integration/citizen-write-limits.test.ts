// Drivers: postgres. Why: the limits count in memory or Redis; the database only holds the halls and what was written.
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { type HallSettings, appointments, defaultAppointmentSettings, displayDevices, unresolvedCases } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { hashDeviceKey } from '../../server/services/display-devices';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { type HttpReply, field, must, request } from '../support/http-client';
import { type TestServer, login, startTestServer } from '../support/server';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const clock = createFakeClock('2026-11-27T02:00:00Z');
const at = (hhmm: string) => new Date(`2026-11-27T${hhmm}:00+08:00`).toISOString();

let handle: DbHandle;
let server: TestServer;
beforeAll(async () => {
  handle = await openTestDb();
  server = await startTestServer(handle.db, clock, { rateLimits: { kind: 'memory' } });
});
afterAll(async () => {
  await server.close();
  await handle.close();
});

function hallWith(settings: Partial<HallSettings>): Promise<HallFixture> {
  return createHallFixture(handle.db, { settings: { appointments: { ...defaultAppointmentSettings, slotCapacity: 20 }, ...settings } });
}

const phone = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

function book(hall: HallFixture, slot: string, i: number, headers: Record<string, string> = {}): Promise<HttpReply> {
  const json = { serviceId: must(hall.serviceIds.A), slotStart: at(slot), name: '张三', phone: phone(i) };
  return request(server.url, `/api/v1/halls/${hall.slug}/appointments`, { method: 'POST', json, headers });
}

async function registerKiosk(hall: HallFixture): Promise<string> {
  const key = `hbd_${randomBytes(16).toString('hex')}`;
  await handle.db.insert(displayDevices).values({ hallId: hall.hallId, name: '自助机', keyHash: hashDeviceKey(key), createdAt: clock.now() });
  return key;
}

const booked = async (hall: HallFixture) =>
  (await handle.db.select({ n: count() }).from(appointments).where(eq(appointments.hallId, hall.hallId)))[0]?.n;
const casesOf = async (hall: HallFixture) =>
  (await handle.db.select({ n: count() }).from(unresolvedCases).where(eq(unresolvedCases.hallId, hall.hallId)))[0]?.n;

describe('appointments an address may book in a day', () => {
  it('refuses the booking past the limit with IP_DAILY_LIMIT and books nothing; the registered kiosk is not counted', async () => {
    const hall = await hallWith({ appointmentsPerIpPerDay: 3, appointmentsPerPhonePerDay: null });
    for (let i = 0; i < 3; i += 1) expect((await book(hall, '11:00', i)).status).toBe(201);
    const refused = await book(hall, '11:00', 3);
    expect(refused.status).toBe(429);
    expect(field(refused.json, 'error', 'reason')).toBe('IP_DAILY_LIMIT');
    expect(field(refused.json, 'error', 'details', 'limit')).toBe(3);
    expect(await booked(hall)).toBe(3);

    const kiosk = await registerKiosk(hall);
    for (let i = 10; i < 15; i += 1) expect((await book(hall, '11:30', i, { 'x-device-key': kiosk })).status).toBe(201);
    // Another hall's key is nobody's here.
    const other = await registerKiosk(await hallWith({}));
    expect((await book(hall, '11:30', 20, { 'x-device-key': other })).status).toBe(429);
    expect(await booked(hall)).toBe(8);
  });

  it('a booking that failed (slot full) costs no allowance; a phone is held to its own daily limit', async () => {
    const hall = await hallWith({ appointmentsPerIpPerDay: 2, appointmentsPerPhonePerDay: 1 });
    // 09:30 has started at 10:00: refused as CONFLICT, twice, and the address keeps both places.
    expect((await book(hall, '09:30', 0)).status).toBe(409);
    expect((await book(hall, '09:30', 0)).status).toBe(409);
    expect((await book(hall, '11:00', 0)).status).toBe(201);
    const samePhone = await book(hall, '14:00', 0);
    expect(samePhone.status).toBe(429);
    expect(field(samePhone.json, 'error', 'reason')).toBe('PHONE_DAILY_LIMIT');
    // The phone's refusal gave the address its place back.
    expect((await book(hall, '14:00', 1)).status).toBe(201);
    expect((await book(hall, '14:00', 2)).status).toBe(429);
    expect(await booked(hall)).toBe(2);
  });
});

describe('办不成事 cases a citizen may file in a day', () => {
  it('per phone and per address; a counter filing for the citizen in front of it is not counted', async () => {
    const hall = await hallWith({ casesPerPhonePerDay: 2, casesPerIpPerDay: 3 });
    const file = (json: Record<string, unknown>, headers: Record<string, string> = {}) =>
      request(server.url, `/api/v1/halls/${hall.slug}/unresolved-cases`, { method: 'POST', json, headers });
    expect((await file({ description: '社保转移办不了', phone: phone(1) })).status).toBe(201);
    expect((await file({ description: '还是办不了', phone: phone(1) })).status).toBe(201);
    const third = await file({ description: '第三次', phone: phone(1) });
    expect(third.status).toBe(429);
    expect(field(third.json, 'error', 'reason')).toBe('PHONE_DAILY_LIMIT');
    expect((await file({ description: '另一位市民', phone: phone(2) })).status).toBe(201);
    const flood = await file({ description: '再来一位', phone: phone(3) });
    expect(flood.status).toBe(429);
    expect(field(flood.json, 'error', 'reason')).toBe('IP_DAILY_LIMIT');
    expect(await casesOf(hall)).toBe(3);

    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const byCounter = await file({ description: '窗口代为反映', phone: phone(4) }, { cookie, origin: server.url });
    expect(byCounter.status, byCounter.text).toBe(201);
    expect(await casesOf(hall)).toBe(4);
  });
});
