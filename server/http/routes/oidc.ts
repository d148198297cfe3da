import { z } from 'zod';
import * as api from '../../contracts/api';
import type { OidcRefusal, OidcTransient } from '../../services/oidc-sign-in';
import { type Reply, type Route, errorReply, route } from '../router';
import { sessionCookieFor } from './auth';

export const oidcCallbackPath = '/api/v1/auth/oidc/callback';
/** The sign-on's own cookie: sent back only to these two routes, and only for ten minutes. */
const transientCookie = 'hb_oidc';
const transientAttributes = 'Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax';
const transientSeconds = 600;
/** Where a browser goes when nothing says which staff page it came from. */
const defaultSignInPage = '/counter';
/** Discovery, the token exchange and userinfo each have 8 s (oidc-sign-in.ts). */
const providerDeadlineMs = 20_000;

/** The cookie comes back from the browser: read it like any other input. */
const transientShape = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  next: api.staffPagePath.nullable(),
});

function encodeTransient(t: OidcTransient): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeTransient(value: string | undefined): OidcTransient | null {
  if (!value || value.length > 2000) return null;
  try {
    const parsed = transientShape.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function redirect(location: string): Reply {
  return { status: 302, body: '', contentType: 'text/plain; charset=utf-8', headers: { location } };
}

/** The staff page each role lands on (the sign-in pages' own choice: components/staff-gate.tsx). */
function landingOf(me: api.Me): string {
  if (me.role === 'admin') return '/admin';
  if (me.role === 'leader') return '/leader';
  if (me.role === 'staff') return me.counterId ? '/counter' : '/volunteer';
  if (me.role === 'volunteer') return '/volunteer';
  return '/inspect';
}

/** Back to the sign-in page, which says why in Chinese (the `sso` parameter). */
function refused(next: string | null, reason: OidcRefusal): Reply {
  return redirect(`${next ?? defaultSignInPage}?sso=${reason}`);
}

const notConfigured = () => errorReply('NOT_FOUND', 'Single sign-on is not configured on this server', { reason: 'OIDC_NOT_CONFIGURED' });

/**
 * Staff single sign-on with the hall's OpenID provider (OIDC_*). Both are browser
 * navigations: they answer with redirects, and change nothing of ours but the session.
 */
export const oidcRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/auth/oidc/start',
    summary: "Staff single sign-on: redirects to the OpenID provider (404 when not configured)",
    tags: ['Auth'],
    query: api.oidcStartQuery,
    status: 302,
    response: z.string(),
    produces: 'text/plain',
    deadlineMs: providerDeadlineMs,
    handler: async ({ query, services, setCookie, origin }) => {
      const sso = services.oidcSignIn;
      if (!sso) return notConfigured();
      const next = query.next ?? null;
      const started = await sso.start(`${origin}${oidcCallbackPath}`, next);
      if (!started) return refused(next, 'PROVIDER_UNREACHABLE');
      setCookie(`${transientCookie}=${encodeTransient(started.transient)}; ${transientAttributes}; Max-Age=${transientSeconds}`);
      return redirect(started.url);
    },
  }),
  route({
    method: 'GET',
    path: oidcCallbackPath,
    summary: "The OpenID provider's return: signs the account in and redirects to its page, or back to sign-in with the reason",
    tags: ['Auth'],
    query: api.oidcCallbackQuery,
    status: 302,
    response: z.string(),
    produces: 'text/plain',
    deadlineMs: providerDeadlineMs,
    handler: async ({ query, services, setCookie, origin, cookie, client }) => {
      const sso = services.oidcSignIn;
      if (!sso) return notConfigured();
      const transient = decodeTransient(cookie(transientCookie));
      // One use only: whatever happens next, this browser's state is spent.
      setCookie(`${transientCookie}=; ${transientAttributes}; Max-Age=0`);
      const outcome = await sso.finish(`${origin}${oidcCallbackPath}`, query, transient, client.ip);
      const next = transient?.next ?? null;
      if (!outcome.ok) return refused(next, outcome.reason);
      const { session } = outcome;
      setCookie(sessionCookieFor(session.sessionId, session.expiresAt, services.clock.now()));
      return redirect(next ?? landingOf(session.me));
    },
  }),
];
