// Drivers: postgres. Why: request checks in the HTTP layer, before any SQL; the driver does not matter.
import { describe, expect, it } from 'vitest';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { field, request } from '../support/http-client';
import { login } from '../support/server';

const { handle, server } = withHallServer({ allowedOrigins: ['https://screens.example.gov.cn'] });

async function counterStatus(slug: string, number: number): Promise<unknown> {
  const detail = await request(server.url, `/api/v1/halls/${slug}`);
  const counters = field(detail.json, 'counters') as Array<{ number: number; status: string }>;
  return counters.find((c) => c.number === number)?.status;
}

describe('cookie-authenticated commands from another origin', () => {
  it('a cross-origin pause with a valid session is 403 CROSS_ORIGIN and the counter stays open', async () => {
    const hall = await createHallFixture(handle.db);
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const path = `/api/v1/counters/${hall.counterIds[1]}/pause`;
    const attempts: Array<Record<string, string>> = [
      { origin: 'http://evil.example' },
      // Another port of the same host is another origin (and the same site).
      { origin: new URL(server.url).origin.replace(/:\d+$/, ':1'), 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
      // A browser that says cross-site is believed even when Origin was stripped.
      { 'sec-fetch-site': 'cross-site' },
      { origin: server.url, 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of attempts) {
      const reply = await request(server.url, path, { method: 'POST', cookie, headers, json: { reason: '午休' } });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(field(reply.json, 'error', 'code')).toBe('FORBIDDEN');
      expect(field(reply.json, 'error', 'reason')).toBe('CROSS_ORIGIN');
    }
    expect(await counterStatus(hall.slug, 1)).toBe('open');
  });

  it('the same-origin pause works, and so do the allowed origins and clients that send no Origin', async () => {
    const hall = await createHallFixture(handle.db);
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const base = `/api/v1/counters/${hall.counterIds[1]}`;
    const same = await request(server.url, `${base}/pause`, {
      method: 'POST',
      cookie,
      headers: { origin: server.url, 'sec-fetch-site': 'same-origin' },
      json: { reason: '午休' },
    });
    expect(same.status).toBe(200);
    expect(await counterStatus(hall.slug, 1)).toBe('paused');
    const allowed = await request(server.url, `${base}/resume`, { method: 'POST', cookie, headers: { origin: 'https://screens.example.gov.cn' } });
    expect(allowed.status).toBe(200);
    const noOrigin = await request(server.url, `${base}/pause`, { method: 'POST', cookie, json: { reason: '会议' } });
    expect(noOrigin.status).toBe(200);
    expect(await counterStatus(hall.slug, 1)).toBe('paused');
  });

  it('a request without the session cookie (a kiosk, an API client) is not checked for origin', async () => {
    const hall = await createHallFixture(handle.db);
    const reply = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, {
      method: 'POST',
      headers: { origin: 'http://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      json: { serviceId: hall.serviceIds.A },
    });
    expect(reply.status).toBe(201);
  });
});

describe('request body types', () => {
  it('anything but exactly application/json is 415 UNSUPPORTED_MEDIA_TYPE and changes nothing', async () => {
    const hall = await createHallFixture(handle.db);
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const path = `/api/v1/counters/${hall.counterIds[1]}/pause`;
    const text = JSON.stringify({ reason: '午休' });
    for (const type of ['text/plain', 'application/json-patch', 'application/json-patch+json', 'text/plain; application/json', 'application/jsonx', 'application/json; charset=latin1']) {
      const reply = await request(server.url, path, { method: 'POST', cookie, raw: text, headers: { 'content-type': type } });
      expect(reply.status, type).toBe(415);
      expect(field(reply.json, 'error', 'code')).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    // An empty body declared as something else is refused the same way.
    const empty = await request(server.url, `/api/v1/counters/${hall.counterIds[1]}/close`, {
      method: 'POST',
      cookie,
      headers: { 'content-type': 'text/plain' },
    });
    expect(empty.status).toBe(415);
    expect(await counterStatus(hall.slug, 1)).toBe('open');
  });

  it('application/json with or without charset=utf-8 is accepted, and a body-less POST needs no type', async () => {
    const hall = await createHallFixture(handle.db);
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const base = `/api/v1/counters/${hall.counterIds[1]}`;
    const text = JSON.stringify({ reason: '午休' });
    const charset = await request(server.url, `${base}/pause`, { method: 'POST', cookie, raw: text, headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(charset.status).toBe(200);
    const bare = await request(server.url, `${base}/resume`, { method: 'POST', cookie });
    expect(bare.status).toBe(200);
    const plain = await request(server.url, `${base}/pause`, { method: 'POST', cookie, raw: text, headers: { 'content-type': 'application/json' } });
    expect(plain.status).toBe(200);
    expect(await counterStatus(hall.slug, 1)).toBe('paused');
  });
});
