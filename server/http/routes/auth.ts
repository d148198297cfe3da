import { z } from 'zod';
import * as api from '../../contracts/api';
import type { StaffActor } from '../../services/actors';
import { staffRoute } from '../route-helpers';
import { type Route, errorReply, route, sessionCookie } from '../router';

const cookieAttributes = 'Path=/; HttpOnly; SameSite=Lax';

/** The session cookie a sign-in sets (password or single sign-on alike), living as long as the session. */
export function sessionCookieFor(sessionId: string, expiresAt: Date, now: Date): string {
  const maxAge = Math.floor((expiresAt.getTime() - now.getTime()) / 1000);
  return `${sessionCookie}=${sessionId}; ${cookieAttributes}; Max-Age=${maxAge}`;
}

/** Staff sign-in and sign-out (the session cookie) and who is signed in. */
export const authRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/api/v1/auth/login',
    summary: 'Staff sign-in; sets an HttpOnly session cookie',
    tags: ['Auth'],
    body: api.loginBody,
    response: api.meResponse,
    handler: async ({ body, services, setCookie, client }) => {
      const result = await services.auth.login(body.username, body.password, client.ip);
      if (!result.ok) {
        const retry = result.error.details?.retryAfterSeconds;
        if (result.error.code !== 'RATE_LIMITED' || retry === undefined) return result;
        const reply = errorReply(result.error.code, result.error.message, { reason: result.error.reason, details: result.error.details });
        return { ...reply, headers: { 'retry-after': String(retry) } };
      }
      setCookie(sessionCookieFor(result.data.sessionId, result.data.expiresAt, services.clock.now()));
      return { status: 200, body: { me: result.data.me } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'End the session',
    tags: ['Auth'],
    body: api.emptyBody,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ services, sessionId, setCookie }) => {
      await services.auth.logout(sessionId);
      setCookie(`${sessionCookie}=; ${cookieAttributes}; Max-Age=0`);
      return { status: 200, body: { ok: true } };
    },
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in staff member',
    tags: ['Auth'],
    response: api.meResponse,
    handler: ({ actor }) => {
      const a = actor as StaffActor & { hall: api.Me['hall'] };
      const me: api.Me = {
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        hall: a.hall,
        counterId: a.counterId,
      };
      return Promise.resolve({ status: 200, body: { me } });
    },
  }),
];
