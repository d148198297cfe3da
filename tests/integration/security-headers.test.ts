// Drivers: postgres. Why: headers and the /metrics gate are set in the HTTP layer; the driver does not matter.
import { Agent, type IncomingMessage, type ServerResponse, get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { nonceFromPolicy } from '../../lib/csp-nonce';
import { type HttpReply, must, request } from '../support/http-client';
import { type TestServer, startTestServer } from '../support/server';

/**
 * Integration tests run without Next.js; this answers every page path with a little HTML
 * that shows the request's Content-Security-Policy, so what is checked is what the server
 * sets before a page is rendered and what Next.js (and our pages) would read from it.
 */
function page(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  const policy = req.headers['content-security-policy'];
  res.end(`<!doctype html><title>page</title><pre>${typeof policy === 'string' ? policy : ''}</pre>`);
}

const metricsToken = 'scrape-token-0123456789';
const publicUrl = 'https://hall.example.gov.cn';
const { handle, server } = withHallServer({ trustProxy: true, metricsToken, pages: page, publicUrl });
let https: TestServer;
beforeAll(async () => {
  https = await startTestServer(handle.db, undefined, { secureCookies: true, pages: page });
});
afterAll(() => https.close());

/** The directives of a policy by name, each with its sources in order. */
function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

function expectFramingRefused(reply: HttpReply) {
  expect(reply.headers.get('x-frame-options')).toBe('DENY');
  expect(directives(reply.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'none'"]);
}

/** A page's policy: scripts by nonce only, and the nonce is the one handed to the page. */
function expectPagePolicy(reply: HttpReply, path: string): string {
  const policy = reply.headers.get('content-security-policy');
  const d = directives(policy);
  const nonce = nonceFromPolicy(policy);
  expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(d.get('default-src'), path).toEqual(["'self'"]);
  expect(d.get('script-src'), path).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(d.get('object-src'), path).toEqual(["'none'"]);
  expect(d.get('base-uri'), path).toEqual(["'self'"]);
  expect(d.get('form-action'), path).toEqual(["'self'"]);
  expect(d.get('img-src'), path).toEqual(["'self'", 'data:', 'blob:']);
  expect(d.get('style-src'), path).toEqual(["'self'", "'unsafe-inline'"]);
  expect(d.get('connect-src')?.[0], path).toBe("'self'");
  // Next.js reads the nonce from the request's policy: the page saw the same policy.
  expect(reply.text, path).toContain(`<pre>${policy}</pre>`);
  return must(nonce);
}

describe('security headers', () => {
  it('an API response: nosniff, the referrer policy, no framing, nothing may load, no HSTS over plain HTTP', async () => {
    const hall = await createHallFixture(handle.db);
    const reply = await request(server.url, `/api/v1/halls/${hall.slug}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expectFramingRefused(reply);
    expect(reply.headers.get('strict-transport-security')).toBeNull();
    // An error answer carries them too, and so do health and the OpenAPI document.
    const missing = await request(server.url, '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    expect(missing.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    for (const path of ['/healthz', '/api/v1/openapi.json']) {
      expect((await request(server.url, path)).headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('pages refuse framing, except the hall screens; a ticket page sends no referrer', async () => {
    for (const path of ['/counter', '/leader/qiongshan', '/duty', '/h/qiongshan', '/']) {
      const reply = await request(server.url, path);
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(reply.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expectFramingRefused(reply);
      expectPagePolicy(reply, path);
    }
    for (const path of ['/display/qiongshan', '/display/qiongshan/counter/3']) {
      const reply = await request(server.url, path);
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(reply.headers.get('x-frame-options'), path).toBeNull();
      // The script policy holds on the embeddable screens too; only framing is left open.
      expectPagePolicy(reply, path);
      expect(directives(reply.headers.get('content-security-policy')).has('frame-ancestors'), path).toBe(false);
    }
    const ticket = await request(server.url, '/t/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(ticket.headers.get('referrer-policy')).toBe('no-referrer');
    expectFramingRefused(ticket);
    expectPagePolicy(ticket, '/t/…');
  });

  it('every page gets a nonce of its own, and a policy sent by the client is replaced', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) nonces.add(expectPagePolicy(await request(server.url, '/h/qiongshan'), '/h/qiongshan'));
    expect(nonces.size).toBe(5);
    const forged = "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='";
    const reply = await request(server.url, '/counter', {
      headers: { 'content-security-policy': forged, 'content-security-policy-report-only': forged },
    });
    const nonce = expectPagePolicy(reply, '/counter');
    expect(nonce).not.toBe('AAAAAAAAAAAAAAAAAAAAAA==');
    expect(reply.text).not.toContain('AAAAAAAAAAAAAAAAAAAAAA');
  });

  it("connect-src names the Socket.IO origin as the browser and PUBLIC_URL name it; a strange Host is left out", async () => {
    const reply = await request(server.url, '/display/qiongshan');
    const host = new URL(server.url).host;
    expect(directives(reply.headers.get('content-security-policy')).get('connect-src')).toEqual([
      "'self'",
      `ws://${host}`,
      `wss://${host}`,
      'ws://hall.example.gov.cn',
      'wss://hall.example.gov.cn',
    ]);
    // Node's fetch will not forge Host: a raw request does.
    const forged = await rawGet(server.url, '/display/qiongshan', "evil.example; script-src *");
    expect(directives(forged).get('connect-src')).toEqual(["'self'", 'ws://hall.example.gov.cn', 'wss://hall.example.gov.cn']);
    expect(directives(forged).get('script-src')).not.toContain('*');
  });

  it('HSTS when SECURE_COOKIES is on', async () => {
    const api = await request(https.url, '/api/v1/halls');
    expect(api.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const display = await request(https.url, '/display/qiongshan');
    expect(display.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});

/** A GET with the Host header as given; resolves to the answer's Content-Security-Policy. */
function rawGet(base: string, path: string, host: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}${path}`, { headers: { host } }, (res) => {
      res.resume();
      const policy = res.headers['content-security-policy'];
      res.on('end', () => resolve(typeof policy === 'string' ? policy : null));
    });
    req.on('error', reject);
  });
}

describe('/metrics', () => {
  it('is refused to an address that is not this machine, unless it sends the token', async () => {
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    const refused = await request(server.url, '/metrics', { headers: remote });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(refused.text).not.toMatch(/hallboard_/);
    const wrong = await request(server.url, '/metrics', { headers: { ...remote, authorization: `Bearer ${metricsToken}x` } });
    expect(wrong.status).toBe(403);
    const scraped = await request(server.url, '/metrics', { headers: { ...remote, authorization: `Bearer ${metricsToken}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toMatch(/hallboard_http_request_duration_seconds/);
  });

  it('is served to loopback without a token', async () => {
    const local = await request(server.url, '/metrics');
    expect(local.status).toBe(200);
    expect(local.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('kept-alive connections', () => {
  /** GET on the agent's connection; says whether it went out on a connection already used. */
  function get(agent: Agent, url: string): Promise<{ status: number; reused: boolean }> {
    return new Promise((resolve, reject) => {
      const req = httpGet(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
    });
  }

  it("an idle connection outlives Node's 5 s default, so a client or proxy reusing it is not reset", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(agent, `${server.url}/healthz`)).toEqual({ status: 200, reused: false });
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await get(agent, `${server.url}/healthz`)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
