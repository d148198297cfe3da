// Drivers: postgres. Why: headers and the /metrics gate are set in the HTTP layer; the driver does not matter.
import { Agent, type ServerResponse, get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { type HttpReply, request } from '../support/http-client';
import { type TestServer, startTestServer } from '../support/server';

/**
 * Integration tests run without Next.js; this answers every page path with a little HTML,
 * so what is checked is what the server sets before a page is rendered.
 */
function page(_: unknown, res: ServerResponse) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end('<!doctype html><title>page</title>');
}

const metricsToken = 'scrape-token-0123456789';
const { handle, server } = withHallServer({ trustProxy: true, metricsToken, pages: page });
let https: TestServer;
beforeAll(async () => {
  https = await startTestServer(handle.db, undefined, { secureCookies: true, pages: page });
});
afterAll(() => https.close());

function expectFramingRefused(reply: HttpReply) {
  expect(reply.headers.get('x-frame-options')).toBe('DENY');
  expect(reply.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
}

describe('security headers', () => {
  it('an API response: nosniff, the referrer policy, no framing, no HSTS over plain HTTP', async () => {
    const hall = await createHallFixture(handle.db);
    const reply = await request(server.url, `/api/v1/halls/${hall.slug}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expectFramingRefused(reply);
    expect(reply.headers.get('strict-transport-security')).toBeNull();
    // An error answer carries them too.
    const missing = await request(server.url, '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    expectFramingRefused(missing);
  });

  it('pages refuse framing, except the hall screens; a ticket page sends no referrer', async () => {
    for (const path of ['/counter', '/leader/qiongshan', '/duty', '/h/qiongshan']) {
      const reply = await request(server.url, path);
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(reply.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expectFramingRefused(reply);
    }
    for (const path of ['/display/qiongshan', '/display/qiongshan/counter/3']) {
      const reply = await request(server.url, path);
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(reply.headers.get('x-frame-options'), path).toBeNull();
      expect(reply.headers.get('content-security-policy'), path).toBeNull();
    }
    const ticket = await request(server.url, '/t/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(ticket.headers.get('referrer-policy')).toBe('no-referrer');
    expectFramingRefused(ticket);
  });

  it('HSTS when SECURE_COOKIES is on', async () => {
    const api = await request(https.url, '/api/v1/halls');
    expect(api.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const display = await request(https.url, '/display/qiongshan');
    expect(display.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});

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
