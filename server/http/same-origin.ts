import type { IncomingMessage } from 'node:http';

/**
 * Origins whose pages may send cookie-authenticated commands besides the server's own host:
 * PUBLIC_URL's origin and ALLOWED_ORIGINS (the same list the sockets accept).
 */
export function trustedOrigins(publicUrl: string | undefined, allowedOrigins: readonly string[]): string[] {
  const origins = [...allowedOrigins];
  if (publicUrl) {
    try {
      origins.push(new URL(publicUrl).origin);
    } catch {
      // env.ts has already checked it is a URL; nothing to add otherwise.
    }
  }
  return origins;
}

/**
 * Whether a state-changing request that carries the session cookie comes from one of our own
 * pages. Browsers send `Origin` on every POST (and `Sec-Fetch-Site` in current ones), so a
 * page on another origin, even of the same site, is recognised and refused: the session
 * cookie alone never authorises a command (CSRF). A request with neither header is not a
 * browser's (an API client holding a cookie), and a forged header needs no browser to forge.
 */
export function sameOriginRequest(req: IncomingMessage, trusted: readonly string[]): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (trusted.includes(origin)) return true;
  try {
    // `null` (a sandboxed frame, a redirect across origins) fails to parse and is refused.
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const jsonType = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * A request body's declared type: exactly `application/json`, optionally with
 * `charset=utf-8`. Anything else (text/plain, a form, `application/json-patch+json`) is what a
 * cross-site form or a `no-cors` fetch can send without a preflight, so it is refused even
 * when the text would parse. A body-less POST may omit the type, but may not declare another.
 */
export function acceptableBodyType(contentType: string | undefined, hasBody: boolean): boolean {
  if (contentType === undefined || contentType.trim() === '') return !hasBody;
  return jsonType.test(contentType.trim());
}
