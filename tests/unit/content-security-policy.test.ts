import { describe, expect, it } from 'vitest';
import { nonceFromPolicy } from '../../lib/csp-nonce';
import { apiPolicy, createNonce, embeddable, pagePolicy, socketOrigins } from '../../server/http/security-headers';

describe('the pages’ Content-Security-Policy', () => {
  it('scripts by nonce only; framing refused unless the page is a hall screen', () => {
    const policy = pagePolicy({ nonce: 'bm9uY2Utbm9uY2Utbm9uYw==', frameable: false, socketOrigins: ['ws://a:1', 'wss://a:1'] });
    expect(policy).toBe(
      "default-src 'self'; script-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uYw==' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self' ws://a:1 wss://a:1; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(pagePolicy({ nonce: 'x', frameable: true })).not.toContain('frame-ancestors');
    expect(nonceFromPolicy(policy)).toBe('bm9uY2Utbm9uY2Utbm9uYw==');
  });

  it("allows eval only under `next dev`", () => {
    expect(pagePolicy({ nonce: 'x', frameable: false })).not.toContain('unsafe-eval');
    expect(pagePolicy({ nonce: 'x', frameable: false, dev: true })).toContain("script-src 'self' 'nonce-x' 'strict-dynamic' 'unsafe-eval'");
  });

  it('a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });

  it('the Socket.IO origins: the Host as given when it is a plain host[:port], and PUBLIC_URL', () => {
    expect(socketOrigins('Hall.Example:3000', undefined)).toEqual(['ws://hall.example:3000', 'wss://hall.example:3000']);
    expect(socketOrigins('[::1]:3000', 'https://hall.example.gov.cn/')).toEqual([
      'ws://[::1]:3000',
      'wss://[::1]:3000',
      'ws://hall.example.gov.cn',
      'wss://hall.example.gov.cn',
    ]);
    expect(socketOrigins("a; script-src *", undefined)).toEqual([]);
    expect(socketOrigins('a b', 'not a url')).toEqual([]);
  });

  it('the hall screens are the embeddable pages; the API allows nothing', () => {
    expect(embeddable('/display/qiongshan')).toBe(true);
    expect(embeddable('/display/qiongshan/counter/3')).toBe(true);
    expect(embeddable('/counter')).toBe(false);
    expect(embeddable('/displayx')).toBe(false);
    expect(apiPolicy).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
