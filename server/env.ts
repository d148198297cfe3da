import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'on', 'off', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === '1' || v === 'true' || v === 'on'));

/** `NAME=` (how a shell or compose file unsets a variable) means not set, for optional values. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

/** The environment, parsed once at start: a wrong value stops the process with a clear message. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Without it (or empty), the embedded database. */
  DATABASE_URL: unsetWhenEmpty(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  DATA_DIR: z.string().default('./data/pglite'),
  DEMO_MODE: flag,
  DEMO_PASSWORD: z.string().min(6).default('demo1234'),
  /** Simulated citizens and counters keep the demo halls moving (demo mode only). */
  DEMO_TRAFFIC: flag,
  /**
   * First run: when no admin account exists, a district admin is created with these (the
   * Keycloak and Grafana convention); once any admin exists they change nothing.
   */
  BOOTSTRAP_ADMIN_USERNAME: unsetWhenEmpty(z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, 'letters, digits, . _ - (2 to 64)').optional()),
  BOOTSTRAP_ADMIN_PASSWORD: unsetWhenEmpty(z.string().min(8, 'at least 8 characters').max(200).optional()),
  PUBLIC_URL: unsetWhenEmpty(z.url().optional()),
  REDIS_URL: unsetWhenEmpty(z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional()),
  /** Comma-separated browser origins allowed to open sockets besides the server's own host. */
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((o) => o.trim()).filter(Boolean) : [])),
  SECURE_COOKIES: flag,
  /** Lets a scraper that is not on this machine read /metrics (`Authorization: Bearer …`). */
  METRICS_TOKEN: unsetWhenEmpty(z.string().min(16, 'at least 16 characters').optional()),
  /** `off` lifts every 取号 rate limit (load tests); the daily caps and opening hours still hold. */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  /** Behind one reverse proxy: the client's address is the last X-Forwarded-For entry. */
  TRUST_PROXY: flag,
  /**
   * Alibaba Cloud SMS (无声叫号 and other messages to citizens): the account's AccessKey, the
   * approved sign name and template codes. Without the key, sign name and secret no SMS is sent
   * (halls with SMS on keep their messages queued until they are configured).
   */
  ALIYUN_SMS_ACCESS_KEY_ID: unsetWhenEmpty(z.string().min(1).optional()),
  ALIYUN_SMS_ACCESS_KEY_SECRET: unsetWhenEmpty(z.string().min(1).optional()),
  ALIYUN_SMS_SIGN_NAME: unsetWhenEmpty(z.string().min(1).optional()),
  /** Template of "请到 N 号窗口": variables ${number} (the ticket) and ${counter} (the counter's number). */
  ALIYUN_SMS_TEMPLATE_CALLED: unsetWhenEmpty(z.string().min(1).optional()),
  /** "快到您了": ${number} and ${ahead} (how many are ahead). */
  ALIYUN_SMS_TEMPLATE_NEAR: unsetWhenEmpty(z.string().min(1).optional()),
  /** 过号: ${number}, ${minutes} (the rejoin window) and ${time} (HH:mm, the rejoin deadline). */
  ALIYUN_SMS_TEMPLATE_NO_SHOW: unsetWhenEmpty(z.string().min(1).optional()),
  /** 容缺 reminder before the deadline, and the overdue notice: ${service} and ${deadline} (M月D日). */
  ALIYUN_SMS_TEMPLATE_CONDITIONAL_DUE: unsetWhenEmpty(z.string().min(1).optional()),
  ALIYUN_SMS_TEMPLATE_CONDITIONAL_OVERDUE: unsetWhenEmpty(z.string().min(1).optional()),
  /** The hall's answer to a bad rating: ${number} and ${answer} (at most 35 characters). */
  ALIYUN_SMS_TEMPLATE_RATING_ANSWER: unsetWhenEmpty(z.string().min(1).optional()),
  /** The SendSms endpoint; a hall's own proxy or a test server may stand in. */
  ALIYUN_SMS_ENDPOINT: unsetWhenEmpty(z.url().optional()),
  /**
   * Single sign-on for staff with OpenID Connect (server/services/oidc-sign-in.ts): the
   * provider's issuer URL and this app's client there. Set all three or none.
   */
  OIDC_ISSUER: unsetWhenEmpty(z.url().optional()),
  OIDC_CLIENT_ID: unsetWhenEmpty(z.string().min(1).max(200).optional()),
  OIDC_CLIENT_SECRET: unsetWhenEmpty(z.string().min(1).max(500).optional()),
  /** The ID token (or userinfo) claim whose value is a Hallboard account's username. */
  OIDC_USERNAME_CLAIM: unsetWhenEmpty(z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'a claim name').default('preferred_username')),
  /** The scopes asked for: enough for the provider to release the username claim. */
  OIDC_SCOPE: unsetWhenEmpty(z.string().regex(/^openid( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'space-separated scopes starting with openid').default('openid profile')),
  /** The sign-in button's text (e.g. the provider's name); the page's own words otherwise. */
  OIDC_LABEL: unsetWhenEmpty(z.string().min(1).max(40).optional()),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema> & {
  demo: boolean;
  /** Whether the session cookie is sent with `Secure` (and HSTS): see `secureCookiesOf`. */
  secureCookies: boolean;
};

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * `Secure` session cookies unless told otherwise or plainly not behind HTTPS: a hall's staff
 * sign in over its LAN, where a cookie sent in clear can be read by anyone on the network.
 * Off by default only where plain HTTP is what the operator chose: the demo on one's own
 * machine, a server listening on loopback only (behind a local proxy), or a PUBLIC_URL that
 * says http://. SECURE_COOKIES=on|off decides outright.
 */
export function secureCookiesOf(env: { SECURE_COOKIES?: boolean | undefined; PUBLIC_URL?: string | undefined; HOST: string }, demo: boolean): boolean {
  if (env.SECURE_COOKIES !== undefined) return env.SECURE_COOKIES;
  if (env.PUBLIC_URL !== undefined) return env.PUBLIC_URL.startsWith('https:');
  return !demo && !loopbackHosts.has(env.HOST);
}

/**
 * The client secret and the tokens cross the wire to the provider, so only HTTPS, except a
 * provider on this machine (loopback), which is also what the tests start.
 */
export function issuerTransportAllowed(issuer: string): boolean {
  const url = new URL(issuer);
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname.replace(/^\[|\]$/g, ''));
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  // The demo hall and its known password exist only in demo mode: on by default for the
  // embedded database, off by default for a real PostgreSQL server.
  const demo = parsed.data.DEMO_MODE ?? !parsed.data.DATABASE_URL;
  // Simulated traffic writes tickets, ratings and work orders: never into a real hall's data.
  if (parsed.data.DEMO_TRAFFIC && !demo) {
    throw new Error('Invalid environment:\n  DEMO_TRAFFIC: needs demo mode (DEMO_MODE=1, or the embedded database without DATABASE_URL)');
  }
  if ((parsed.data.BOOTSTRAP_ADMIN_USERNAME === undefined) !== (parsed.data.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
    throw new Error('Invalid environment:\n  BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD: set both or neither');
  }
  const sms = [parsed.data.ALIYUN_SMS_ACCESS_KEY_ID, parsed.data.ALIYUN_SMS_ACCESS_KEY_SECRET, parsed.data.ALIYUN_SMS_SIGN_NAME];
  if (sms.some((v) => v !== undefined) && sms.some((v) => v === undefined)) {
    throw new Error('Invalid environment:\n  ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET and ALIYUN_SMS_SIGN_NAME: set all three or none');
  }
  const oidc = [parsed.data.OIDC_ISSUER, parsed.data.OIDC_CLIENT_ID, parsed.data.OIDC_CLIENT_SECRET];
  if (oidc.some((v) => v !== undefined) && oidc.some((v) => v === undefined)) {
    throw new Error('Invalid environment:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three or none');
  }
  if (parsed.data.OIDC_ISSUER !== undefined && !issuerTransportAllowed(parsed.data.OIDC_ISSUER)) {
    throw new Error('Invalid environment:\n  OIDC_ISSUER: must be https:// (plain http:// only for a provider on this machine)');
  }
  return { ...parsed.data, demo, secureCookies: secureCookiesOf(parsed.data, demo) };
}
