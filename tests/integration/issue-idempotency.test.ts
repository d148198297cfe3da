// Drivers: both. Why: the key is claimed in the issue transaction and the stored answer read back by SQL.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import { events, tickets } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { type HttpReply, must, request } from '../support/http-client';
import { type TestServer, startTestServer } from '../support/server';

// Monday 30 November 2026, 09:00 in Shanghai: inside the fixture halls' weekday hours.
const clock = createFakeClock('2026-11-30T01:00:00Z');

let handle: DbHandle & { url: string | null };
let server: TestServer;
beforeAll(async () => {
  handle = await openTestDb();
  server = await startTestServer(handle.db, clock);
});
afterAll(async () => {
  await server.close();
  await handle.close();
});

function take(base: string, hall: HallFixture, key: string | undefined, body: Record<string, unknown> = {}): Promise<HttpReply> {
  return request(base, `/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: must(hall.serviceIds.A), channel: 'phone', ...body },
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });
}

async function issuedOf(hall: HallFixture) {
  const rows = await handle.db.select({ number: tickets.number }).from(tickets).where(eq(tickets.hallId, hall.hallId));
  const issued = await handle.db.select({ seq: events.seq }).from(events).where(and(eq(events.hallId, hall.hallId), eq(events.type, 'ticket.issued')));
  return { numbers: rows.map((r) => r.number).sort(), issuedEvents: issued.length };
}

describe('取号 with an Idempotency-Key', () => {
  it('retried with one key: one ticket, the same status and the very same body', async () => {
    const hall = await createHallFixture(handle.db);
    const key = randomUUID();
    const first = await take(server.url, hall, key);
    expect(first.status).toBe(201);
    // Someone else takes a number in between: the retry's place and estimate must not move.
    expect((await take(server.url, hall, randomUUID())).status).toBe(201);
    clock.advance(60_000);
    const again = await take(server.url, hall, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(await issuedOf(hall)).toEqual({ numbers: ['A001', 'A002'], issuedEvents: 2 });
  });

  it('two copies of one tap at once: one ticket, both answered with it', async () => {
    const hall = await createHallFixture(handle.db);
    const key = randomUUID();
    const replies = await Promise.all([take(server.url, hall, key), take(server.url, hall, key), take(server.url, hall, key)]);
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(await issuedOf(hall)).toEqual({ numbers: ['A001'], issuedEvents: 1 });
  });

  it('a retry after a restart of the server on the same database finds the committed answer', async () => {
    const hall = await createHallFixture(handle.db);
    const key = randomUUID();
    const first = await take(server.url, hall, key);
    expect(first.status).toBe(201);
    // A new process: its own services and, on PostgreSQL, its own pool.
    const other = handle.url ? await openDb({ url: handle.url, poolSize: 2 }) : null;
    const restarted = await startTestServer(other?.db ?? handle.db, clock);
    try {
      const again = await take(restarted.url, hall, key);
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
    } finally {
      await restarted.close();
      await other?.close();
    }
    expect(await issuedOf(hall)).toEqual({ numbers: ['A001'], issuedEvents: 1 });
  });

  it('a retry is not refused by the phone limit the first answer used up', async () => {
    const hall = await createHallFixture(handle.db, { settings: { ticketsPerPhonePerDay: 1, ticketsPerIpPerHour: null } });
    const key = randomUUID();
    const first = await take(server.url, hall, key, { phone: '13812345678' });
    expect(first.status).toBe(201);
    const again = await take(server.url, hall, key, { phone: '13812345678' });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    // A new tap is a new number, and that one is over the limit.
    expect((await take(server.url, hall, randomUUID(), { phone: '13812345678' })).status).toBe(429);
  });

  it('refuses a key reused for another request, and a key too short to be a nonce', async () => {
    const hall = await createHallFixture(handle.db);
    const key = randomUUID();
    expect((await take(server.url, hall, key)).status).toBe(201);
    const reused = await take(server.url, hall, key, { phone: '13912345678' });
    expect(reused.status).toBe(409);
    expect(reused.json).toMatchObject({ error: { code: 'CONFLICT' } });
    const short = await take(server.url, hall, 'tap-1');
    expect(short.status).toBe(400);
    expect(await issuedOf(hall)).toEqual({ numbers: ['A001'], issuedEvents: 1 });
  });

  it('without a key every request is a new number, as before', async () => {
    const hall = await createHallFixture(handle.db);
    expect((await take(server.url, hall, undefined)).status).toBe(201);
    expect((await take(server.url, hall, undefined)).status).toBe(201);
    expect((await issuedOf(hall)).numbers).toEqual(['A001', 'A002']);
  });

  it('documents the key on the route in the OpenAPI document', async () => {
    const doc = await request(server.url, '/api/v1/openapi.json');
    const post = (doc.json as { paths: Record<string, { post?: { parameters?: Array<{ name: string; in: string }> } }> }).paths['/api/v1/halls/{hall}/tickets']?.post;
    expect(post?.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header')).toBe(true);
  });
});
