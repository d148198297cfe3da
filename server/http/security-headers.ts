import { timingSafeEqual } from 'node:crypto';
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

/**
 * Headers on every response, the API's and the pages': no MIME sniffing; referrers cut to
 * the origin across sites, and none at all from a ticket page (`/t/[token]`), whose URL is
 * the citizen's secret; no framing except the hall screens; HSTS when served over HTTPS
 * (SECURE_COOKIES). A script Content-Security-Policy is not set yet: the pages' inline
 * islands would need hashes or nonces first.
 */
export function setSecurityHeaders(res: ServerResponse, path: string, https: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', path.startsWith('/t/') ? 'no-referrer' : 'strict-origin-when-cross-origin');
  if (!embeddable(path)) {
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('content-security-policy', "frame-ancestors 'none'");
  }
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000');
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
