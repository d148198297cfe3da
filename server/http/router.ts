import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ErrorCode, errorStatus } from '../contracts/common';
import type { Account, StaffActor } from '../services/actors';
import type { Result } from '../services/result';
import type { Services } from '../services';
import { acceptableBodyType, sameOriginRequest } from './same-origin';
import { busyDeadlineMs, requestDeadlineMs, timedOut, withDeadline } from './deadline';

export const sessionCookie = 'hb_session';
const maxBodyBytes = 32 * 1024;
/** How much of a refused, oversized body is read and discarded before the connection is dropped. */
const maxDrainBytes = 1024 * 1024;

export interface RouteContext<P, B, Q> {
  params: P;
  body: B;
  query: Q;
  services: Services;
  /** The signed-in staff member; present on routes with `auth`. */
  actor: StaffActor | null;
  /** The signed-in account, a district admin included; present on routes with `account`. */
  account: Account | null;
  sessionId: string | undefined;
  idempotencyKey: string | undefined;
  setCookie: (value: string) => void;
  /** Who is asking, for limits: the client's address and a hall device's key, if it sent one. */
  client: ClientInfo;
  /** This server's origin as browsers reach it: PUBLIC_URL's, or the request's own host. */
  origin: string;
  /** A cookie of the request other than the session's (the sign-on's short-lived one). */
  cookie: (name: string) => string | undefined;
}

export interface ClientInfo {
  ip: string;
  /** `X-Device-Key`: a registered hall device (kiosk, screen) identifies itself with it. */
  deviceKey: string | undefined;
}

/**
 * The client's address. Behind one reverse proxy (`trustProxy`), the last X-Forwarded-For
 * entry is the one that proxy saw; entries before it are whatever the client wrote.
 */
export function clientInfo(req: IncomingMessage, trustProxy: boolean): ClientInfo {
  let ip = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) ip = last;
  }
  const key = req.headers['x-device-key'];
  const deviceKey = typeof key === 'string' && key.length > 0 && key.length <= 100 ? key : undefined;
  return { ip: ip.replace(/^::ffff:/, ''), deviceKey };
}

export interface Reply {
  status: number;
  body: unknown;
  /** A body that is not JSON (e.g. a CSV export): sent as this type, `body` being the text. */
  contentType?: string;
  /** Extra response headers, e.g. Content-Disposition for a download. */
  headers?: Record<string, string>;
}

export interface Route<P extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** OpenAPI-style path, e.g. /api/v1/halls/{hall} */
  path: string;
  summary: string;
  tags: string[];
  params?: P;
  body?: B;
  query?: Q;
  /** Success status and response schema, for the OpenAPI document. */
  status?: number;
  response: z.ZodType;
  /** The success body's media type when it is not JSON (the OpenAPI document says so). */
  produces?: string;
  auth?: boolean;
  /** Like `auth`, for any signed-in account, a district admin (bound to no hall) included. */
  account?: boolean;
  /** A larger body limit than the default 32 KB (an uploaded spreadsheet). */
  maxBodyBytes?: number;
  idempotent?: boolean;
  /** How long the request may take before it is answered 503 (server/http/deadline.ts). */
  deadlineMs?: number;
  handler: (ctx: RouteContext<z.infer<P>, z.infer<B>, z.infer<Q>>) => Promise<Reply | Result<unknown>>;
}

export function route<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType>(r: Route<P, B, Q>): Route {
  return r;
}

export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorReply(code: ErrorCode, message: string, detail?: { reason?: string; details?: Record<string, string | number> }): Reply {
  return { status: errorStatus[code], body: { error: { code, message, ...detail } } };
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError('VALIDATION', `Invalid ${where}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}/?$`), names };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      // Malformed percent-encoding: no usable cookie, as if none was sent.
      return undefined;
    }
  }
  return undefined;
}

/**
 * Refuses a body over the limit without destroying the request: destroying it resets the
 * connection, and the client would see a network error instead of the 400. The rest is
 * drained (up to a bound past the route's own limit: a 1 MB spreadsheet route drains as far
 * past 1 MB as a 32 KB route past 32 KB) so the answer reaches the client.
 */
function refuseLargeBody(req: IncomingMessage, limit: number): never {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limit + maxDrainBytes) req.destroy();
  });
  req.resume();
  throw new HttpError('VALIDATION', `Body larger than ${limit} bytes`);
}

/** Postgres text cannot hold U+0000; a string with one would fail in the database, not here. */
function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

async function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (Number(req.headers['content-length'] ?? 0) > limit) refuseLargeBody(req, limit);
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) refuseLargeBody(req, limit);
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!acceptableBodyType(req.headers['content-type'], text !== '')) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError('VALIDATION', 'Malformed JSON body');
  }
  if (hasNul(parsed)) throw new HttpError('VALIDATION', 'Text in the body must not contain NUL characters');
  return parsed;
}

/** A Host header that can stand in a URL: a name or address and an optional port, nothing else. */
const hostShape = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

const idempotencyKey = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/);

export interface Router {
  routes: Route[];
  /** Handles the request when a route matches its path; returns false otherwise. */
  handle: (req: IncomingMessage, res: ServerResponse, onDone?: (route: string, status: number) => void) => Promise<boolean>;
}

export interface RouterOptions {
  secureCookies: boolean;
  trustProxy?: boolean;
  /** Origins besides the server's own host whose pages may send cookie-authenticated commands (same-origin.ts). */
  trusted?: readonly string[];
  /** How long a request may run before the database is asked whether it is there (deadline.ts); a route may set its own. */
  deadlineMs?: number | undefined;
  /** A fresh, bounded ping of the database: overdue requests are answered 503 only when it fails. */
  databaseAnswers?: () => Promise<boolean>;
  /** PUBLIC_URL: the origin browsers use, for addresses handed to others (the OpenID callback). */
  publicUrl?: string | undefined;
}

export function createRouter(
  routes: Route[],
  getServices: () => Services,
  { secureCookies, trustProxy = false, trusted = [], deadlineMs: defaultDeadlineMs = requestDeadlineMs, databaseAnswers, publicUrl }: RouterOptions,
): Router {
  const compiled = routes.map((r) => ({ route: r, ...compile(r.path) }));
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
  /** Without PUBLIC_URL, the Host the browser asked for; an address built from it is only as good as that header. */
  const originOf = (req: IncomingMessage) => {
    if (publicOrigin) return publicOrigin;
    const host = req.headers.host;
    return `${secureCookies ? 'https' : 'http'}://${host !== undefined && hostShape.test(host) ? host : 'localhost'}`;
  };

  async function dispatch(req: IncomingMessage, url: URL, setCookie: (v: string) => void, matched: { route: string }) {
    const candidates = compiled.filter((c) => c.regex.test(url.pathname));
    if (candidates.length === 0) return null;
    // A literal segment names its own resource: `/services/export` is never `/services/{serviceId}`,
    // so only the paths with the fewest parameters are considered (a wrong method there is a 404).
    const fewest = Math.min(...candidates.map((c) => c.names.length));
    const matches = candidates.filter((c) => c.names.length === fewest);
    const match = matches.find((c) => c.route.method === req.method);
    if (!match) return { route: matches[0]?.route.path ?? '', reply: errorReply('NOT_FOUND', `No ${req.method} on this path`) };
    const { route: r } = match;
    matched.route = r.path;
    const groups = match.regex.exec(url.pathname)?.slice(1) ?? [];
    const rawParams: Record<string, string> = {};
    match.names.forEach((name, i) => {
      try {
        rawParams[name] = decodeURIComponent(groups[i] ?? '');
      } catch {
        throw new HttpError('VALIDATION', `Invalid path: ${name} is not valid percent-encoding`);
      }
    });
    const services = getServices();
    const sessionId = readCookie(req.headers.cookie, sessionCookie);
    if (r.method !== 'GET' && sessionId !== undefined && !sameOriginRequest(req, trusted)) {
      const reply = errorReply('FORBIDDEN', 'Commands are accepted only from this site\'s own pages', { reason: 'CROSS_ORIGIN' });
      return { route: r.path, reply };
    }
    const params = parse(r.params, rawParams, 'path');
    const rawBody = r.method === 'GET' ? undefined : await readBody(req, r.maxBodyBytes);
    let actor: StaffActor | null = null;
    if (r.auth) {
      actor = await services.auth.authenticate(sessionId);
      if (!actor) throw new HttpError('UNAUTHENTICATED', 'Sign in first');
    }
    let account: Account | null = null;
    if (r.account) {
      account = await services.auth.authenticateAccount(sessionId);
      if (!account) throw new HttpError('UNAUTHENTICATED', 'Sign in first');
    }
    // After authentication, like the body: who may ask is settled before what was asked.
    const query = parse(r.query, Object.fromEntries(url.searchParams), 'query');
    const body = parse(r.body, rawBody, 'body');
    const keyHeader = req.headers['idempotency-key'];
    const key = r.idempotent && keyHeader !== undefined ? parse(idempotencyKey, keyHeader, 'Idempotency-Key header') : undefined;
    const client = clientInfo(req, trustProxy);
    const result = await r.handler({ params, body, query, services, actor, account, sessionId, idempotencyKey: key, setCookie, client, origin: originOf(req), cookie: (name) => readCookie(req.headers.cookie, name) });
    if ('ok' in result) {
      const reply = result.ok
        ? { status: r.status ?? 200, body: result.data }
        : errorReply(result.error.code, result.error.message, { reason: result.error.reason, details: result.error.details });
      return { route: r.path, reply };
    }
    return { route: r.path, reply: result };
  }

  return {
    routes,
    handle: async (req, res, onDone) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const cookies: string[] = [];
      let outcome: { route: string; reply: Reply } | null;
      // The route's template, never the raw path: metrics labels must stay a bounded set.
      const matched = { route: 'unmatched' };
      const deadlineMs = compiled.find((c) => c.route.method === req.method && c.regex.test(url.pathname))?.route.deadlineMs ?? defaultDeadlineMs;
      let late = false;
      try {
        const work = dispatch(req, url, (v) => late || cookies.push(v), matched);
        const onLate = (error: unknown) => console.error('request failed after its deadline', req.method, url.pathname, error);
        let done = await withDeadline(work, deadlineMs, onLate);
        // Overdue: a database that is away answers 503 at once, but a busy server whose
        // database answers is only slow (bcrypt at sign-in, a loaded machine), so it may finish.
        if (done === timedOut && databaseAnswers && (await databaseAnswers())) done = await withDeadline(work, busyDeadlineMs, onLate);
        if (done === timedOut) {
          late = true;
          outcome = { route: matched.route, reply: { ...errorReply('UNAVAILABLE', 'The service is busy; try again shortly'), headers: { 'retry-after': '1' } } };
        } else {
          outcome = done;
        }
      } catch (error) {
        if (error instanceof HttpError) {
          outcome = { route: matched.route, reply: errorReply(error.code, error.message) };
        } else {
          // The cause goes to the log; the client only learns that the server failed.
          console.error('request failed', req.method, url.pathname, error);
          outcome = { route: matched.route, reply: errorReply('UNAVAILABLE', 'The server could not complete the request') };
        }
      }
      if (!outcome) return false;
      const { reply } = outcome;
      const raw = reply.contentType !== undefined && (typeof reply.body === 'string' || Buffer.isBuffer(reply.body));
      const payload = raw ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
      res.statusCode = reply.status;
      res.setHeader('content-type', raw ? (reply.contentType as string) : 'application/json; charset=utf-8');
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.setHeader('cache-control', 'no-store');
      if (cookies.length) res.setHeader('set-cookie', cookies.map((c) => (secureCookies ? `${c}; Secure` : c)));
      res.end(payload);
      onDone?.(outcome.route, outcome.reply.status);
      return true;
    },
  };
}
