import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/client';
import { type PageHandler, createHttpServer } from '../../server/app';
import { type Clock, systemClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import type { RateLimitDriver } from '../../server/services/rate-limit-driver';
import type { OidcSettings } from '../../server/services/oidc-sign-in';
import type { SignInPolicy } from '../../server/services/sign-in-guard';

export interface TestServer {
  url: string;
  services: Services;
  close: () => Promise<void>;
}

/**
 * The real HTTP stack (router, validation, auth, services) on an ephemeral port, without Next.js.
 * 取号 rate limits are on (in memory) as in production unless `rateLimits` says otherwise.
 */
export async function startTestServer(
  db: Db,
  clock: Clock = systemClock,
  options: {
    rateLimits?: RateLimitDriver;
    signInPolicy?: Partial<SignInPolicy>;
    trustProxy?: boolean;
    allowedOrigins?: string[];
    publicUrl?: string;
    metricsToken?: string;
    secureCookies?: boolean;
    pages?: PageHandler;
    requestDeadlineMs?: number;
    /** Single sign-on through this OpenID provider (a real one the test started). */
    oidc?: OidcSettings;
  } = {},
): Promise<TestServer> {
  const services = createServices({ db, clock, rateLimits: options.rateLimits, signInPolicy: options.signInPolicy, oidc: options.oidc });
  const { rateLimits: _, signInPolicy: __, oidc: ___, ...httpOptions } = options;
  const server = createHttpServer({ services, ...httpOptions });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Signs in and returns the session cookie to send on staff requests. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}
