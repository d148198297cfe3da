// Drivers: postgres. Why: the idle timeout is a read and an update of the session row; nothing in it differs by driver.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { sessions } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { request } from '../support/http-client';
import { type TestServer, login, startTestServer } from '../support/server';

const clock = createFakeClock('2026-11-30T01:00:00Z');
const minute = 60_000;

let handle: DbHandle;
let server: TestServer;
beforeAll(async () => {
  handle = await openTestDb();
  server = await startTestServer(handle.db, clock);
});
afterAll(async () => {
  await server.close();
  await handle.close();
});

const me = (cookie: string) => request(server.url, '/api/v1/me', { cookie });

describe('a staff session left unused', () => {
  it('ends after the hall\'s idle minutes counted from its last use, and stays ended', async () => {
    const hall = await createHallFixture(handle.db, { settings: { staffIdleMinutes: 30 } });
    clock.set('2026-11-30T01:00:00Z');
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    // Used every 20 minutes, it lives past the 30 minutes since sign-in.
    for (let i = 0; i < 4; i += 1) {
      clock.advance(20 * minute);
      expect((await me(cookie)).status).toBe(200);
    }
    clock.advance(31 * minute);
    expect((await me(cookie)).status).toBe(401);
    const sessionId = cookie.split('=')[1] ?? '';
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(row?.revokedAt).not.toBeNull();
    // Coming back inside the limit changes nothing: the session is over.
    clock.advance(-20 * minute);
    expect((await me(cookie)).status).toBe(401);
  });

  it('with no idle limit set, lasts its 12 hours', async () => {
    const hall = await createHallFixture(handle.db, { settings: { staffIdleMinutes: null } });
    clock.set('2026-11-30T01:00:00Z');
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    clock.advance(11 * 60 * minute);
    expect((await me(cookie)).status).toBe(200);
    clock.advance(61 * minute);
    expect((await me(cookie)).status).toBe(401);
  });
});
