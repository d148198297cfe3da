// Drivers: postgres. Why: two processes share one database, which PGlite cannot.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { behindBeat, leftQueue } from '../../components/ticket-page/ticket-rules';
import { type DbHandle, openDb } from '../../db/client';
import type { TicketView } from '../../server/contracts/api';
import type { QueueOrder, TicketHeartbeat } from '../../server/contracts/realtime';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { must, request, str } from '../support/http-client';
import { type TicketSocket, collect, connected, nextEvent, openSocket, waitMs } from '../support/realtime-client';
import { type RealtimeTestServer, startRealtimeServer } from '../support/realtime-server';
import { login } from '../support/server';

/**
 * Two processes sharing PostgreSQL and Redis (as in realtime-cluster.test.ts). Process A commits
 * a call and "dies" before pushing it (its relay is paused: the hook that simulates exactly
 * that); the phone is connected to process B, which never hears of the call. The /ticket
 * heartbeat must tell the phone, and the phone's own rules make it read its view again.
 */
const redisUrl = process.env.HB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const streamName = `hallboard-test-${randomBytes(6).toString('hex')}`;

let dbA: DbHandle & { url: string | null };
let dbB: DbHandle;
let serverA: RealtimeTestServer;
let serverB: RealtimeTestServer;

beforeAll(async () => {
  dbA = await openTestDb('postgres');
  dbB = await openDb({ url: must(dbA.url, 'database url'), poolSize: 4 });
  serverA = await startRealtimeServer(dbA.db, { redisUrl, redisStreamName: streamName, heartbeatMs: 300 });
  serverB = await startRealtimeServer(dbB.db, { redisUrl, redisStreamName: streamName, heartbeatMs: 300 });
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    await redis.del(streamName);
  } finally {
    redis.disconnect();
  }
  await dbB.close();
  await dbA.close();
});

async function take(hall: HallFixture): Promise<string> {
  const reply = await request(serverA.url, `/api/v1/halls/${hall.slug}/tickets`, { method: 'POST', json: { serviceId: must(hall.serviceIds.A) } });
  expect(reply.status, reply.text).toBe(201);
  return str(reply.json, 'ticket', 'token');
}

/** The phone as the ticket page behaves: shows pushed views, reads its view when a rule says it is behind. */
function phone(server: RealtimeTestServer, token: string) {
  const socket = openSocket<TicketSocket>(server.url, '/ticket', { auth: { token } });
  const state: { view: TicketView | null; rereads: number } = { view: null, rereads: 0 };
  const reread = async () => {
    state.rereads += 1;
    const reply = await request(server.url, `/api/v1/tickets/${token}`);
    if (reply.status === 200) state.view = (reply.json as { ticket: TicketView }).ticket;
  };
  socket.on('ticket', (view) => {
    state.view = view;
  });
  socket.on('queue', (order: QueueOrder) => {
    if (state.view && leftQueue(state.view, order)) void reread();
  });
  socket.on('heartbeat', (beat: TicketHeartbeat) => {
    if (state.view && behindBeat(state.view, beat)) void reread();
  });
  return { socket, state, beats: collect<TicketHeartbeat>(socket, 'heartbeat') };
}

it('a phone on process B learns of its call although process A died between commit and push', async () => {
  const hall = await createHallFixture(dbA.db);
  const token = await take(hall);
  const onB = phone(serverB, token);
  try {
    await connected(onB.socket);
    await expect.poll(() => onB.state.view?.status, { timeout: waitMs }).toBe('waiting');
    const before = must(onB.state.view);
    expect(before.version).toBe(1);
    // A beat while nothing changed: the version it carries is the view's, so no re-read.
    const quiet = await nextEvent<TicketHeartbeat>(onB.socket, 'heartbeat');
    expect(quiet).toMatchObject({ number: before.number, version: 1, seq: expect.any(Number) as unknown, at: expect.any(String) as unknown });
    expect(onB.state.rereads).toBe(0);

    // Process A commits the call and dies before relaying it.
    serverA.realtime.relay.pause();
    const cookie = await login(serverA.url, hall.usernameOf(1), fixturePassword);
    const called = await request(serverA.url, `/api/v1/counters/${must(hall.counterIds[1])}/call-next`, { method: 'POST', cookie, json: {} });
    expect(called.status, called.text).toBe(200);
    expect(str(called.json, 'ticket', 'number')).toBe(before.number);

    await expect.poll(() => onB.state.view?.status, { timeout: waitMs }).toBe('called');
    expect(onB.state.view?.counterNumber).toBe(1);
    expect(onB.state.view?.version).toBeGreaterThan(1);
    // It was the heartbeat (no push ever came) that sent the phone to read its view.
    expect(onB.state.rereads).toBeGreaterThanOrEqual(1);
    expect(onB.beats.some((b) => b.version > 1)).toBe(true);
  } finally {
    serverA.realtime.relay.resume();
    onB.socket.close();
  }
});
