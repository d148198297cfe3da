// Drivers: postgres. Why: the sign-on ends in the same session row and attempt record as a password sign-in; the protocol, not the driver, is under test.
/**
 * Staff single sign-on end to end against a real OpenID provider (oidc-provider) on a
 * loopback port: the browser's redirects are followed by hand with its cookies, the code is
 * exchanged and the ID token verified by the app's openid-client, nothing of the protocol
 * is stubbed.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { sessions, signInAttempts, staff } from '../../db/schema';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { field, must, request } from '../support/http-client';
import { type TestOidcProvider, startOidcProvider } from '../support/oidc-provider';
import { createRedirectBrowser } from '../support/redirect-browser';
import { type TestServer, startTestServer } from '../support/server';

const callbackPath = '/api/v1/auth/oidc/callback';

let handle: DbHandle;
let provider: TestOidcProvider;
let app: TestServer;
let plain: TestServer;

beforeAll(async () => {
  handle = await openTestDb();
  provider = await startOidcProvider();
  app = await startTestServer(handle.db, undefined, {
    oidc: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      usernameClaim: 'preferred_username',
      scope: 'openid profile',
    },
  });
  provider.allowRedirect(`${app.url}${callbackPath}`);
  plain = await startTestServer(handle.db);
});
afterAll(async () => {
  await app.close();
  await plain.close();
  await provider.close();
  await handle.close();
});

/** The app's own pages (not its API): where a sign-on ends, fetched by no test. */
const isAppPage = (url: URL) => url.origin === new URL(app.url).origin && !url.pathname.startsWith('/api/');
const isCallback = (url: URL) => url.origin === new URL(app.url).origin && url.pathname === callbackPath;

/** A browser that clicks 统一身份认证登录 on `next` (or on no page) and follows the redirects to the end. */
async function signOn(username: string | null, next?: string) {
  provider.signInAs(username);
  const browser = createRedirectBrowser();
  const start = `${app.url}/api/v1/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  const { hops, next: landing } = await browser.follow(start, isAppPage);
  const session = browser.cookie('127.0.0.1', 'hb_session');
  return { browser, hops, landing: landing === null ? null : new URL(landing), cookie: session === undefined ? undefined : `hb_session=${session}` };
}

async function attemptsOf(username: string) {
  return handle.db.select().from(signInAttempts).where(eq(signInAttempts.username, username));
}

describe('single sign-on with the OpenID provider', () => {
  let hall: HallFixture;
  beforeAll(async () => {
    hall = await createHallFixture(handle.db);
  });

  it('signs in the account the provider vouches for; its session works on the staff API and the console', async () => {
    const username = hall.usernameOf(1);
    const { hops, landing, cookie, browser } = await signOn(username, '/counter');

    // The start: to the provider's authorization endpoint with PKCE (S256), state and nonce.
    const authorize = new URL(must(hops[0]?.location));
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}${callbackPath}`);
    const transient = must(hops[0]?.setCookies.find((c) => c.startsWith('hb_oidc=')), 'the sign-on cookie');
    expect(transient).toMatch(/; Path=\/api\/v1\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    // The state and verifier never travel in the URL back to us, only in that cookie.
    expect(authorize.searchParams.get('code_verifier')).toBeNull();

    // The callback: the session cookie of a password sign-in, the sign-on's cookie spent, back to the page.
    expect(landing?.pathname).toBe('/counter');
    expect(landing?.search).toBe('');
    const callback = must(hops.find((h) => isCallback(new URL(h.url))), 'the callback hop');
    expect(callback.status).toBe(302);
    expect(callback.setCookies.find((c) => c.startsWith('hb_session='))).toMatch(/^hb_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=4319\d$/);
    expect(browser.cookie('127.0.0.1', 'hb_oidc')).toBeUndefined();

    const me = await request(app.url, '/api/v1/me', { cookie: must(cookie) });
    expect(me.status).toBe(200);
    expect(field(me.json, 'me', 'username')).toBe(username);
    expect(field(me.json, 'me', 'role')).toBe('staff');
    const counterId = must(hall.counterIds[1]);
    const state = await request(app.url, `/api/v1/counters/${counterId}`, { cookie: must(cookie) });
    expect(state.status).toBe(200);
    // A command from our own page is accepted with this session as with a password one.
    const pause = await request(app.url, `/api/v1/counters/${counterId}/pause`, {
      method: 'POST',
      json: { reason: '统一身份认证测试' },
      cookie: must(cookie),
      headers: { origin: app.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(pause.status, pause.text).toBe(200);

    const attempts = await attemptsOf(username);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ ok: true, reason: null, staffId: hall.staffOf(1).id, address: '127.0.0.1' });
  });

  it('without a page to return to, lands where the role works (a leader on /leader)', async () => {
    const { landing, cookie } = await signOn(hall.leader.username);
    expect(landing?.pathname).toBe('/leader');
    const me = await request(app.url, '/api/v1/me', { cookie: must(cookie) });
    expect(field(me.json, 'me', 'role')).toBe('leader');
  });

  it('refuses a person with no Hallboard account: back to sign-in with the reason, no session, and recorded', async () => {
    const username = `stranger-${hall.slug}`;
    const { landing, cookie } = await signOn(username, '/duty');
    expect(landing?.pathname).toBe('/duty');
    expect(landing?.searchParams.get('sso')).toBe('UNKNOWN_USER');
    expect(cookie).toBeUndefined();
    const attempts = await attemptsOf(username);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ ok: false, reason: 'UNKNOWN_USER', staffId: null });
  });

  it('refuses a disabled account: no session, and recorded against the account', async () => {
    const other = await createHallFixture(handle.db);
    const clerk = other.staffOf(2);
    await handle.db.update(staff).set({ active: false }).where(eq(staff.id, clerk.id));
    const before = await handle.db.select().from(sessions).where(eq(sessions.staffId, clerk.id));
    const { landing, cookie } = await signOn(clerk.username, '/counter');
    expect(landing?.searchParams.get('sso')).toBe('INACTIVE');
    expect(cookie).toBeUndefined();
    expect(await handle.db.select().from(sessions).where(eq(sessions.staffId, clerk.id))).toEqual(before);
    const attempts = await attemptsOf(clerk.username);
    expect(attempts.map((a) => [a.ok, a.reason, a.staffId])).toEqual([[false, 'INACTIVE', clerk.id]]);
  });

  it('refuses a callback whose state is not the one this browser was given, or that comes to another browser', async () => {
    provider.signInAs(hall.usernameOf(2));
    const browser = createRedirectBrowser();
    const { next } = await browser.follow(`${app.url}/api/v1/auth/oidc/start?next=/counter`, isCallback);
    const callback = new URL(must(next, 'the provider sent the browser back'));
    expect(callback.searchParams.get('code')).toBeTruthy();

    // Another browser, holding none of this sign-on's cookie (a code sent to a victim, login CSRF).
    const elsewhere = await createRedirectBrowser().get(callback.href);
    expect(new URL(must(elsewhere.location)).searchParams.get('sso')).toBe('STATE_MISMATCH');
    expect(elsewhere.setCookies.some((c) => c.startsWith('hb_session='))).toBe(false);

    // The right browser with a changed state.
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a-state-nobody-was-given');
    const wrong = await browser.get(forged.href);
    expect(wrong.status).toBe(302);
    expect(new URL(must(wrong.location)).pathname).toBe('/counter');
    expect(new URL(must(wrong.location)).searchParams.get('sso')).toBe('STATE_MISMATCH');
    expect(wrong.setCookies.some((c) => c.startsWith('hb_session='))).toBe(false);

    // The sign-on's cookie was spent by that answer: the genuine callback is refused too now.
    const late = await browser.get(callback.href);
    expect(new URL(must(late.location)).searchParams.get('sso')).toBe('STATE_MISMATCH');
    expect(browser.cookie('127.0.0.1', 'hb_session')).toBeUndefined();
    const ok = await handle.db
      .select()
      .from(signInAttempts)
      .where(and(eq(signInAttempts.username, hall.usernameOf(2)), eq(signInAttempts.ok, true)));
    expect(ok).toEqual([]);
  });

  it('a callback replayed after a good sign-in opens no second session', async () => {
    provider.signInAs(hall.usernameOf(2));
    const browser = createRedirectBrowser();
    const { next } = await browser.follow(`${app.url}/api/v1/auth/oidc/start?next=/counter`, isCallback);
    const callback = must(next);
    const first = await browser.get(callback);
    expect(new URL(must(first.location)).pathname).toBe('/counter');
    expect(first.setCookies.some((c) => c.startsWith('hb_session='))).toBe(true);
    const again = await browser.get(callback);
    expect(new URL(must(again.location)).searchParams.get('sso')).toBe('STATE_MISMATCH');
    expect(again.setCookies.some((c) => c.startsWith('hb_session='))).toBe(false);
  });

  it('when the person cancels at the provider, says so and signs nobody in', async () => {
    const { landing, cookie } = await signOn(null, '/inspect');
    expect(landing?.pathname).toBe('/inspect');
    expect(landing?.searchParams.get('sso')).toBe('PROVIDER_ERROR');
    expect(cookie).toBeUndefined();
  });
});

describe('without OIDC configured', () => {
  it('the sign-on routes answer 404 with the reason, and set no cookie', async () => {
    const start = await request(plain.url, '/api/v1/auth/oidc/start?next=/counter');
    expect(start.status).toBe(404);
    expect(start.json).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) as unknown, reason: 'OIDC_NOT_CONFIGURED' } });
    expect(start.headers.get('set-cookie')).toBeNull();
    const callback = await request(plain.url, `${callbackPath}?code=abc&state=def`);
    expect(callback.status).toBe(404);
    expect(field(callback.json, 'error', 'reason')).toBe('OIDC_NOT_CONFIGURED');
  });

  it('a provider that cannot be reached sends the browser back to sign-in with the reason', async () => {
    // A port that was just free: nothing listens there.
    const gone = await startOidcProvider();
    await gone.close();
    const down = await startTestServer(handle.db, undefined, {
      oidc: { issuer: gone.issuer, clientId: 'x', clientSecret: 'y', usernameClaim: 'preferred_username', scope: 'openid' },
    });
    try {
      const start = await createRedirectBrowser().get(`${down.url}/api/v1/auth/oidc/start?next=/duty`);
      expect(start.status).toBe(302);
      expect(start.location).toBe(`${down.url}/duty?sso=PROVIDER_UNREACHABLE`);
      expect(start.setCookies).toEqual([]);
    } finally {
      await down.close();
    }
  });
});
