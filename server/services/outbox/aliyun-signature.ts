import { createHmac } from 'node:crypto';

/**
 * Alibaba Cloud's RPC signature (SignatureVersion 1.0, HMAC-SHA1), as its "Signature
 * mechanism" page specifies:
 *   CanonicalizedQueryString = the parameters (all but Signature) sorted by name, each name
 *     and value percent-encoded, joined as name=value with &;
 *   StringToSign = HTTPMethod & percentEncode("/") & percentEncode(CanonicalizedQueryString);
 *   Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 * The page's worked example (testid / testsecret, DescribeRegions) is a unit test.
 */

/** RFC 3986 encoding as the page asks: A–Z a–z 0–9 - _ . ~ stay, space is %20, everything else %XY (UTF-8). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalizedQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    // Sorted by code point of the name, as the page says (not by locale).
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

export function stringToSign(method: 'GET' | 'POST', params: Record<string, string>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

export function rpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** ISO 8601 in UTC without milliseconds (yyyy-MM-ddTHH:mm:ssZ), the form the API takes. */
export function rpcTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
