// Drivers: both. Why: holidays reach numbering and appointment slots through date arithmetic in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { createFakeClock } from '../../server/domain/clock';
import { openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';
import { field, must, request } from '../support/http-client';
import { type TestServer, startTestServer } from '../support/server';

// Monday 5 October 2026, 10:00 in Shanghai: inside weekday hours, but in the 国庆 holiday.
const clock = createFakeClock('2026-10-05T02:00:00Z');
const calendar = {
  closedDays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'],
  workdays: [{ day: '2026-10-10' }],
};
const weekdayHours = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }];

describe('the hall calendar through the API: a holiday closes 取号 and 预约, a 调休 Saturday opens them', () => {
  let handle: DbHandle;
  let server: TestServer;
  beforeAll(async () => {
    handle = await openTestDb();
    server = await startTestServer(handle.db, clock, { rateLimits: { kind: 'off' } });
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  it('refuses a number on a holiday in plain words, with the first working day after it', async () => {
    const hall = await createHallFixture(handle.db, { settings: { enforceHours: true, calendar }, services: [{ prefix: 'A', openingHours: weekdayHours }, { prefix: 'B', openingHours: weekdayHours }] });
    const refused = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, { method: 'POST', json: { serviceId: must(hall.serviceIds.A) } });
    expect(refused.status).toBe(409);
    expect(field(refused.json, 'error', 'reason')).toBe('SERVICE_CLOSED');
    expect(field(refused.json, 'error', 'details')).toEqual({ opensDay: '2026-10-09', opensTime: '09:00', opensWeekday: 5, daysAhead: 4 });

    const home = await request(server.url, `/api/v1/halls/${hall.slug}/home`);
    expect(field(home.json, 'openNow')).toBe(false);
    expect(field(home.json, 'nextOpening')).toEqual({ daysAhead: 4, day: '2026-10-09', weekday: 5, time: '09:00' });

    // The same hall without the calendar: an ordinary Monday, open.
    const ordinary = await createHallFixture(handle.db, { settings: { enforceHours: true }, services: [{ prefix: 'A', openingHours: weekdayHours }, { prefix: 'B', openingHours: weekdayHours }] });
    const taken = await request(server.url, `/api/v1/halls/${ordinary.slug}/tickets`, { method: 'POST', json: { serviceId: must(ordinary.serviceIds.A) } });
    expect(taken.status).toBe(201);
  });

  it('offers no slots on the holiday and weekday slots on the worked Saturday', async () => {
    const hall = await createHallFixture(handle.db, { settings: { enforceHours: true, calendar }, services: [{ prefix: 'A', openingHours: weekdayHours }, { prefix: 'B', openingHours: weekdayHours }] });
    const slots = async (date: string) => {
      const reply = await request(server.url, `/api/v1/halls/${hall.slug}/slots?serviceId=${must(hall.serviceIds.A)}&date=${date}`);
      expect(reply.status).toBe(200);
      return field(reply.json, 'slots') as Array<{ start: string }>;
    };
    expect(await slots('2026-10-07')).toEqual([]);
    const saturday = await slots('2026-10-10');
    expect(saturday.length).toBe(16);
    expect(saturday[0]?.start).toBe('2026-10-10T01:00:00.000Z');
    expect(await slots('2026-10-11')).toEqual([]);
  });
});
