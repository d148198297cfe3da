// Drivers: both. Why: the webhook messages are written by the events' own INSERT (a data-modifying CTE joined to the subscribers) and claimed with FOR UPDATE SKIP LOCKED.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, outbox } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { createWebhookChannel } from '../../server/services/outbox/webhook';
import { createOutboxWorker } from '../../server/services/outbox/worker';
import { addAccount, createHallFixture, fixturePassword } from '../support/admin-fixture';
import { withHallServer } from '../support/hall-server';
import { must, request } from '../support/http-client';
import { present, unwrap } from '../support/results';
import { login } from '../support/server';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const clock = createFakeClock('2026-11-27T02:00:00Z');
const { handle, server } = withHallServer({ clock });

interface Delivery {
  id: string;
  timestamp: string;
  body: string;
  json: Record<string, unknown>;
}

/**
 * A receiver as the README tells one to write it: it checks the signature over
 * "<timestamp>.<body>" with its secret (in constant time), refuses a timestamp more than five
 * minutes off, and processes each X-Hallboard-Id once. Its answers are scripted per request.
 */
interface Receiver {
  url: string;
  secret: string;
  /** Every request that arrived, duplicates included. */
  requests: Delivery[];
  /** What the receiver processed: each message id once. */
  processed: Delivery[];
  badSignatures: number;
  answers: number[];
  close(): Promise<void>;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function startReceiver(answers: number[] = []): Promise<Receiver> {
  const seen = new Set<string>();
  const receiver: Receiver = { url: '', secret: '', requests: [], processed: [], badSignatures: 0, answers, close: async () => {} };
  const http: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const id = String(req.headers['x-hallboard-id'] ?? '');
      const timestamp = String(req.headers['x-hallboard-timestamp'] ?? '');
      const signature = String(req.headers['x-hallboard-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', receiver.secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const fresh = Math.abs(clock.now().getTime() / 1000 - Number(timestamp)) <= 300;
      const valid = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      if (!valid || !fresh || req.method !== 'POST' || req.headers['content-type'] !== 'application/json') {
        receiver.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      const delivery = { id, timestamp, body, json: JSON.parse(body) as Record<string, unknown> };
      receiver.requests.push(delivery);
      if (!seen.has(id)) {
        seen.add(id);
        receiver.processed.push(delivery);
      }
      res.writeHead(receiver.answers.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    });
  receivers.push(receiver);
  return receiver;
}

const worker = () =>
  createOutboxWorker({
    db: handle.db,
    clock,
    adapters: [createWebhookChannel({ db: handle.db, clock })],
    options: { baseDelayMs: 2_000, maxDelayMs: 60_000, maxAttempts: 8, random: () => 1 },
  });

async function setup() {
  // The workers here serve every hall of the file's database: earlier tests' leftovers are set aside.
  await handle.db.update(outbox).set({ status: 'cancelled' }).where(inArray(outbox.status, ['pending', 'sending', 'dead']));
  const hall = await createHallFixture(handle.db);
  const adminCookie = await login(server.url, hall.admin.username, fixturePassword);
  const admin = (path: string, method = 'GET', json?: unknown) =>
    request(server.url, `/api/v1/admin/halls/${hall.slug}${path}`, { method, cookie: adminCookie, ...(json !== undefined ? { json } : {}) });
  async function subscribe(receiver: Receiver, body: Record<string, unknown> = {}) {
    const reply = await admin('/webhooks', 'POST', { url: receiver.url, ...body });
    expect(reply.status, reply.text).toBe(201);
    const created = reply.json as { subscriber: { id: string }; secret: string };
    receiver.secret = created.secret;
    return created.subscriber.id;
  }
  const issue = async (phone?: string) =>
    unwrap(await server.services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), ...(phone ? { phone } : {}) }));
  const callNext = async () => unwrap(await server.services.counters.callNext(hall.staffOf(1), present(hall.counterIds[1])));
  const messages = () => handle.db.select().from(outbox).where(and(eq(outbox.hallId, hall.hallId), eq(outbox.channel, 'webhook')));
  return { hall, admin, subscribe, issue, callNext, messages };
}

describe('signed webhooks through the outbox', () => {
  it('a subscriber filtered to ticket.called gets exactly those, signed, once each, without personal data', async () => {
    const s = await setup();
    const receiver = await startReceiver();
    const subscriberId = await s.subscribe(receiver, { eventTypes: ['ticket.called'] });
    expect(receiver.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    // The secret is shown once: neither the list nor the audit carries it.
    const listed = await s.admin('/webhooks');
    expect(listed.json).toEqual({ subscribers: [{ id: subscriberId, url: receiver.url, eventTypes: ['ticket.called'], active: true, createdAt: clock.now().toISOString() }] });
    expect(listed.text).not.toContain(receiver.secret);
    const audit = await s.admin('/audit?entity=webhook');
    expect(audit.text).toContain(subscriberId);
    expect(audit.text).not.toContain(receiver.secret);

    const first = await s.issue('13800138001');
    const second = await s.issue('13900139002');
    await s.callNext();
    unwrap(await server.services.counters.start(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    unwrap(await server.services.counters.complete(s.hall.staffOf(1), present(s.hall.counterIds[1]), { outcome: 'accepted' }));
    await s.callNext();
    const queued = await s.messages();
    expect(queued.map((m) => m.kind)).toEqual(['ticket.called', 'ticket.called']);
    expect(queued.every((m) => m.recipient === subscriberId && m.ticketId === null)).toBe(true);

    const w = worker();
    expect(await w.tick()).toBe(2);
    expect(await w.tick()).toBe(0);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.requests).toHaveLength(2);
    const called = await handle.db
      .select()
      .from(events)
      .where(and(eq(events.hallId, s.hall.hallId), eq(events.type, 'ticket.called')));
    const bodies = receiver.processed.map((d) => d.json).sort((a, b) => Number(a.seq) - Number(b.seq));
    expect(bodies.map((b) => b.seq)).toEqual(called.map((e) => e.seq).sort((a, b) => a - b));
    expect(bodies.map((b) => (b.data as { number: string }).number)).toEqual([first.number, second.number]);
    for (const delivery of receiver.processed) {
      expect(delivery.json).toMatchObject({
        id: delivery.id,
        hall: { id: s.hall.hallId, slug: s.hall.slug },
        type: 'ticket.called',
        data: { counterNumber: 1, counterId: s.hall.counterIds[1], serviceId: s.hall.serviceIds.A },
      });
      expect(queued.map((m) => m.id)).toContain(delivery.id);
      expect(delivery.timestamp).toBe(String(clock.now().getTime() / 1000));
      // Numbers, counters and services only: no phone, no name, no staff.
      for (const personal of ['13800138001', '13900139002', s.hall.staffOf(1).displayName, s.hall.staffOf(1).username, 'staffId', 'phone']) {
        expect(delivery.body).not.toContain(personal);
      }
    }
    const sent = await s.messages();
    expect(sent.every((m) => m.status === 'sent' && m.attempts === 1 && m.providerMessageId === 'HTTP 200')).toBe(true);
  });

  it('with no filter every event goes out in seq order; a paused subscriber gets none; a deleted one cancels what waits', async () => {
    const s = await setup();
    const all = await startReceiver();
    const paused = await startReceiver();
    const allId = await s.subscribe(all);
    const pausedId = await s.subscribe(paused);
    const pause = await s.admin(`/webhooks/${pausedId}`, 'PATCH', { active: false });
    expect(pause.status, pause.text).toBe(200);
    expect((await s.admin('/audit?entity=webhook')).json).toMatchObject({ entries: [{ action: 'pause', entityId: pausedId }, { action: 'create' }, { action: 'create' }] });

    await s.issue('13800138003');
    await s.callNext();
    const hallEvents = await handle.db.select().from(events).where(eq(events.hallId, s.hall.hallId));
    const queued = await s.messages();
    expect(queued.every((m) => m.recipient === allId)).toBe(true);
    expect(queued.map((m) => m.kind).sort()).toEqual(hallEvents.map((e) => e.type).sort());
    expect(await worker().tick()).toBe(queued.length);
    expect(paused.requests).toEqual([]);
    expect(all.processed.map((d) => d.json.seq)).toEqual(expect.arrayContaining(hallEvents.map((e) => e.seq)));
    expect(all.processed.map((d) => d.json.type)).toContain('ticket.issued');
    expect(all.processed.every((d) => !d.body.includes('13800138003'))).toBe(true);

    // Deleted while a message waits for it: the message is cancelled, not sent to nobody.
    await s.issue();
    const waiting = (await s.messages()).filter((m) => m.status === 'pending');
    expect(waiting.length).toBeGreaterThan(0);
    const removed = await s.admin(`/webhooks/${allId}/delete`, 'POST', {});
    expect(removed.status, removed.text).toBe(200);
    expect(await worker().tick()).toBe(0);
    const after = await handle.db.select().from(outbox).where(inArray(outbox.id, waiting.map((m) => m.id)));
    expect(after.every((m) => m.status === 'cancelled')).toBe(true);
    expect((await s.admin('/webhooks')).json).toEqual({ subscribers: [expect.objectContaining({ id: pausedId, active: false })] });
  });

  it('a receiver failing twice (500) and then answering 200 gets the message processed once', async () => {
    const s = await setup();
    const receiver = await startReceiver([500, 500, 200]);
    await s.subscribe(receiver, { eventTypes: ['ticket.issued'] });
    await s.issue();
    const w = worker();
    expect(await w.tick()).toBe(1);
    const [afterFirst] = await s.messages();
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastError: 'webhook answered HTTP 500' });
    expect(await w.tick()).toBe(0);
    clock.advance(2_000);
    expect(await w.tick()).toBe(1);
    clock.advance(4_000);
    expect(await w.tick()).toBe(1);
    expect(await w.tick()).toBe(0);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((d) => d.id)).size).toBe(1);
    expect(receiver.processed).toHaveLength(1);
    const [sent] = await s.messages();
    expect(sent).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('a 410 is dead at once and listed for the admin; 重新发送 delivers it; 408 and 429 are retried', async () => {
    const s = await setup();
    const receiver = await startReceiver([410]);
    await s.subscribe(receiver, { eventTypes: ['ticket.issued'] });
    await s.issue();
    const w = worker();
    expect(await w.tick()).toBe(1);
    const [dead] = await s.messages();
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, lastError: 'webhook answered HTTP 410' });
    const listed = await s.admin('/outbox?status=dead');
    expect(listed.json).toMatchObject({
      counts: { dead: 1 },
      messages: [{ id: dead?.id, channel: 'webhook', kind: 'ticket.issued', recipient: receiver.url, status: 'dead', attempts: 1, lastError: 'webhook answered HTTP 410' }],
    });
    const resent = await s.admin(`/outbox/${must(dead).id}/resend`, 'POST', {});
    expect(resent.status, resent.text).toBe(200);
    expect(await w.tick()).toBe(1);
    expect(receiver.processed).toHaveLength(1);
    expect(receiver.requests).toHaveLength(2);
    const [sent] = await s.messages();
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await s.admin('/outbox?status=sent')).json).toMatchObject({ messages: [{ id: dead?.id, recipient: receiver.url, status: 'sent' }] });

    receiver.answers.push(408, 429);
    await s.issue();
    expect(await w.tick()).toBe(1);
    clock.advance(2_000);
    expect(await w.tick()).toBe(1);
    const retried = (await s.messages()).find((m) => m.id !== dead?.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 2, lastError: 'webhook answered HTTP 429' });
  });

  it('only the hall admin (or a district admin) manages its subscribers: another hall admin and staff get 403', async () => {
    const s = await setup();
    const receiver = await startReceiver();
    const id = await s.subscribe(receiver);
    const other = await createHallFixture(handle.db);
    const outsiders = {
      otherAdmin: await login(server.url, other.admin.username, fixturePassword),
      staff: await login(server.url, s.hall.usernameOf(1), fixturePassword),
      leader: await login(server.url, s.hall.leader.username, fixturePassword),
      volunteer: await login(server.url, await addAccount(handle.db, s.hall.hallId, 'volunteer'), fixturePassword),
    };
    const base = `/api/v1/admin/halls/${s.hall.slug}`;
    for (const [who, cookie] of Object.entries(outsiders)) {
      for (const [method, path, json] of [
        ['GET', '/webhooks', undefined],
        ['POST', '/webhooks', { url: 'https://attacker.example.com/x' }],
        ['PATCH', `/webhooks/${id}`, { url: 'https://attacker.example.com/x' }],
        ['POST', `/webhooks/${id}/delete`, {}],
        ['GET', '/outbox', undefined],
      ] as const) {
        const reply = await request(server.url, `${base}${path}`, { method, cookie, ...(json ? { json } : {}) });
        expect({ who, method, path, status: reply.status }).toEqual({ who, method, path, status: 403 });
        expect(reply.text).not.toContain(receiver.secret);
      }
    }
    expect((await s.admin('/webhooks')).json).toMatchObject({ subscribers: [{ id, url: receiver.url, active: true }] });
    // A hall admin's own hall only, even with the other hall's subscriber id.
    const cross = await request(server.url, `/api/v1/admin/halls/${s.hall.slug}/webhooks/${id}`, { method: 'PATCH', cookie: outsiders.otherAdmin, json: { active: false } });
    expect(cross.status).toBe(403);
    const unknown = await s.admin('/webhooks/00000000-0000-4000-8000-000000000000', 'PATCH', { active: false });
    expect(unknown.status).toBe(404);
  });
});
