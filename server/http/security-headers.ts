import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Pages that halls embed in their own screens and portals by design, so they may be framed
 * by any origin: the hall TV (`/display/[hall]`) and the counter strip
 * (`/display/[hall]/counter/[number]`). They show numbers and counters only, and take no
 * command. Every other response refuses framing (the counter console, sign-in, the leader
 * screens: clickjacking).
 */
export function embeddable(path: string): boolean {
  return path === '/display' || path.startsWith('/display/');
}

/** The policy of every answer that is not a page (the JSON API, health, metrics): nothing may load. */
export const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every response, the API's and the pages': no MIME sniffing; referrers cut to
 * the origin across sites, and none at all from a ticket page (`/t/[token]`), whose URL is
 * the citizen's secret; no framing except the hall screens; HSTS when served over HTTPS
 * (SECURE_COOKIES); and the API's Content-Security-Policy, which a page replaces with its own
 * (applyPagePolicy).
 */
export function setSecurityHeaders(res: ServerResponse, path: string, https: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', path.startsWith('/t/') ? 'no-referrer' : 'strict-origin-when-cross-origin');
  if (!embeddable(path)) res.setHeader('x-frame-options', 'DENY');
  res.setHeader('content-security-policy', apiPolicy);
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000');
}

/** 128 random bits, fresh for every page: a script runs only when it carries them. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PagePolicyOptions {
  nonce: string;
  /** A hall screen that halls embed (embeddable()): no frame-ancestors. */
  frameable: boolean;
  /** `next dev`: its refresh runtime evaluates code. */
  dev?: boolean;
  /** The WebSocket origins of the page's Socket.IO clients (socketOrigins()). */
  socketOrigins?: readonly string[];
}

/**
 * The script policy of a page. Scripts run only with the page's nonce (Next's own, which it
 * tags when it finds the nonce in the request's policy, and our inline islands), and what a
 * nonced script loads itself ('strict-dynamic': Next's chunks, the ticket page's Socket.IO
 * client); no inline event handlers, no eval outside `next dev`. Styles may be inline (React's
 * style attributes, the busy page): a style cannot run code. Images from the app, and data:
 * and blob: URLs (the volunteer tablet's QR code, the inspector's photo previews). Requests go
 * to the app itself and its Socket.IO endpoint; forms post only to the app.
 */
export function pagePolicy({ nonce, frameable, dev = false, socketOrigins = [] }: PagePolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    ['connect-src', "'self'", ...socketOrigins].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ];
  if (!frameable) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

const hostPattern = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/**
 * Where the page's Socket.IO clients connect: this server, as the browser named it (the Host
 * header) and as PUBLIC_URL names it behind a proxy, over ws: and wss:. CSP Level 3 browsers
 * count these under 'self' already; older ones (an old WeChat or iOS browser) need them
 * spelled out. A Host that is not a plain host[:port] is left out rather than copied in.
 */
export function socketOrigins(host: string | undefined, publicUrl: string | undefined): string[] {
  const hosts = new Set<string>();
  if (host && hostPattern.test(host)) hosts.add(host.toLowerCase());
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host.toLowerCase());
    } catch {
      // parseEnv checks PUBLIC_URL; a test that passes anything else gets no extra origin.
    }
  }
  return [...hosts].flatMap((h) => [`ws://${h}`, `wss://${h}`]);
}

/**
 * A page's policy, on the answer and on the request before Next.js sees it: Next reads the
 * nonce from the request's Content-Security-Policy header and puts it on its own scripts, and
 * our pages read it there for theirs. Whatever policy the client sent is replaced.
 */
export function applyPagePolicy(req: IncomingMessage, res: ServerResponse, path: string, options: Omit<PagePolicyOptions, 'nonce' | 'frameable'>): string {
  const nonce = createNonce();
  const policy = pagePolicy({ nonce, frameable: embeddable(path), ...options });
  delete req.headers['content-security-policy-report-only'];
  req.headers['content-security-policy'] = policy;
  res.setHeader('content-security-policy', policy);
  return nonce;
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || /^127\.\d+\.\d+\.\d+$/.test(ip);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `/metrics` tells request rates per route and the process's internals: only to a scraper on
 * this machine (the client's address, as the rate limits see it, is loopback) or one that
 * sends `Authorization: Bearer $METRICS_TOKEN`.
 */
export function metricsAllowed(req: IncomingMessage, clientIp: string, token: string | undefined): boolean {
  if (token !== undefined && tokenMatches(req.headers.authorization, token)) return true;
  return isLoopback(clientIp);
}
