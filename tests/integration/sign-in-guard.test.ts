// Drivers: postgres. Why: the limits live in the rate limiter and the record is one plain insert; the driver does not matter.
import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { adminAudit, signInAttempts, staff } from '../../db/schema';
import { addAccount } from '../support/admin-fixture';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { field, request } from '../support/http-client';
import { type TestServer, login, startTestServer } from '../support/server';

const { handle, server } = withHallServer();

const signIn = (base: string, username: string, password: string) =>
  request(base, '/api/v1/auth/login', { method: 'POST', json: { username, password } });

async function withServer<T>(options: Parameters<typeof startTestServer>[2], run: (s: TestServer) => Promise<T>): Promise<T> {
  const s = await startTestServer(handle.db, undefined, options);
  try {
    return await run(s);
  } finally {
    await s.close();
  }
}

it('10 wrong passwords lock the account: the right one is refused with 429 until an admin lifts the lock', async () => {
  const hall = await createHallFixture(handle.db);
  const username = hall.usernameOf(1);
  // No growing delay here, so the ten failures reach the lockout without waiting.
  await withServer({ signInPolicy: { freeFailures: 10 } }, async (s) => {
    for (let i = 0; i < 10; i++) expect((await signIn(s.url, username, `wrong-${i}`)).status).toBe(401);
    const locked = await signIn(s.url, username, fixturePassword);
    expect(locked.status).toBe(429);
    expect(field(locked.json, 'error', 'code')).toBe('RATE_LIMITED');
    expect(field(locked.json, 'error', 'reason')).toBe('ACCOUNT_LOCKED');
    const retry = field(locked.json, 'error', 'details', 'retryAfterSeconds') as number;
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    expect(locked.headers.get('retry-after')).toBe(String(retry));
    expect(field(locked.json, 'error', 'message')).toMatch(/锁定.*15 分钟后再试/);
    expect(locked.headers.get('set-cookie')).toBeNull();
    // Another account from the same address is not held back by this one's lock.
    expect((await signIn(s.url, hall.usernameOf(2), fixturePassword)).status).toBe(200);

    await s.services.auth.unlockSignIn(username);
    expect((await signIn(s.url, username, fixturePassword)).status).toBe(200);
  });

  const [account] = await handle.db.select({ id: staff.id }).from(staff).where(eq(staff.username, username));
  const rows = await handle.db.select().from(signInAttempts).where(eq(signInAttempts.username, username)).orderBy(asc(signInAttempts.at));
  expect(rows.map((r) => r.reason)).toEqual([...Array<string>(10).fill('WRONG_PASSWORD'), 'ACCOUNT_LOCKED', null]);
  expect(rows.map((r) => r.ok)).toEqual([...Array<boolean>(11).fill(false), true]);
  for (const r of rows) {
    expect(r.staffId).toBe(account?.id);
    expect(r.address).toBe('127.0.0.1');
  }
});

it("a hall admin lifts a clerk's lockout from /admin's route, recorded in the audit; a clerk cannot", async () => {
  const hall = await createHallFixture(handle.db);
  const username = hall.usernameOf(1);
  const clerk = hall.staffOf(1);
  const hallAdmin = await addAccount(handle.db, hall.hallId, 'admin');
  await withServer({ signInPolicy: { freeFailures: 10 } }, async (s) => {
    for (let i = 0; i < 10; i++) expect((await signIn(s.url, username, `wrong-${i}`)).status).toBe(401);
    expect((await signIn(s.url, username, fixturePassword)).status).toBe(429);

    const path = `/api/v1/admin/halls/${hall.slug}/staff/${clerk.id}/unlock`;
    const byClerk = await request(s.url, path, { method: 'POST', json: {}, cookie: await login(s.url, hall.usernameOf(2), fixturePassword) });
    expect(byClerk.status).toBe(403);
    expect((await signIn(s.url, username, fixturePassword)).status).toBe(429);

    const byAdmin = await request(s.url, path, { method: 'POST', json: {}, cookie: await login(s.url, hallAdmin, fixturePassword) });
    expect(byAdmin.status).toBe(200);
    expect((await signIn(s.url, username, fixturePassword)).status).toBe(200);
  });
  const audit = await handle.db.select().from(adminAudit).where(eq(adminAudit.entityId, clerk.id));
  expect(audit.map((a) => a.action)).toEqual(['signin.unlock']);
});

it('from the sixth wrong password the account waits, longer each time, and a success starts the count again', async () => {
  const hall = await createHallFixture(handle.db);
  const username = hall.usernameOf(1);
  for (let i = 0; i < 6; i++) expect((await signIn(server.url, username, `wrong-${i}`)).status).toBe(401);
  const held = await signIn(server.url, username, fixturePassword);
  expect(held.status).toBe(429);
  expect(field(held.json, 'error', 'reason')).toBe('SIGN_IN_DELAY');
  expect(field(held.json, 'error', 'details', 'retryAfterSeconds')).toBe(1);
  expect(held.headers.get('retry-after')).toBe('1');
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect((await signIn(server.url, username, fixturePassword)).status).toBe(200);
  // The count started again: five more wrong ones pass without delay.
  for (let i = 0; i < 5; i++) expect((await signIn(server.url, username, `wrong-${i}`)).status).toBe(401);
  expect((await signIn(server.url, username, fixturePassword)).status).toBe(200);
});

it('an address that fails too often is blocked for every account; unknown usernames are recorded too', async () => {
  const hall = await createHallFixture(handle.db);
  await withServer({ signInPolicy: { addressFailures: 3 } }, async (s) => {
    for (const name of ['nobody-a', 'nobody-b', 'nobody-c']) expect((await signIn(s.url, name, 'guess')).status).toBe(401);
    const blocked = await signIn(s.url, hall.usernameOf(3), fixturePassword);
    expect(blocked.status).toBe(429);
    expect(field(blocked.json, 'error', 'reason')).toBe('ADDRESS_BLOCKED');
    expect(field(blocked.json, 'error', 'message')).toMatch(/分钟后再试/);
  });
  const [unknown] = await handle.db.select().from(signInAttempts).where(eq(signInAttempts.username, 'nobody-a'));
  expect(unknown).toMatchObject({ ok: false, reason: 'UNKNOWN_USER', staffId: null });
});

it('RATE_LIMITS=off lifts the sign-in limits (load tests sign in many times)', async () => {
  const hall = await createHallFixture(handle.db);
  await withServer({ rateLimits: { kind: 'off' } }, async (s) => {
    for (let i = 0; i < 15; i++) expect((await signIn(s.url, hall.usernameOf(2), `wrong-${i}`)).status).toBe(401);
    expect((await signIn(s.url, hall.usernameOf(2), fixturePassword)).status).toBe(200);
  });
});
