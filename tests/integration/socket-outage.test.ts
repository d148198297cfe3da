// Drivers: postgres. Why: the database goes away behind a TCP proxy, which the embedded database cannot.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { openTestDb } from '../support/db';
import { request, str } from '../support/http-client';
import { type DisplaySocket, type TicketSocket, nextEvent, openSocket, refused, waitMs } from '../support/realtime-client';
import { type RealtimeTestServer, startRealtimeServer } from '../support/realtime-server';
import { type TcpProxy, startTcpProxy } from '../support/tcp-proxy';

/**
 * Issue 15, found by `npm run chaos`: a phone whose socket was admitted while the database
 * failed (an outage, a killed backend) was refused with the driver's message, and Socket.IO
 * never retries a refused handshake, so the phone stayed offline for good. Now the refusal
 * says UNAVAILABLE, carries no SQL, and the same socket is let in once the database is back.
 */
let owner: DbHandle & { url: string | null };
let proxy: TcpProxy;
let handle: DbHandle;
let server: RealtimeTestServer;
let hall: HallFixture;

beforeAll(async () => {
  owner = await openTestDb('postgres');
  hall = await createHallFixture(owner.db);
  const target = new URL(owner.url ?? '');
  proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
  target.port = String(proxy.port);
  handle = await openDb({ url: target.toString(), poolSize: 4 });
  server = await startRealtimeServer(handle.db);
});

afterAll(async () => {
  proxy.mode = 'pass';
  await server.close();
  await Promise.race([handle.close(), new Promise((r) => setTimeout(r, 3_000))]);
  await proxy.close();
  await owner.close();
});

it('a socket admitted while the database fails is told UNAVAILABLE, without the cause, and let in once it is back', async () => {
  const taken = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: hall.serviceIds.A, channel: 'phone' },
  });
  expect(taken.status, taken.text).toBe(201);
  const token = str(taken.json, 'ticket', 'token');
  const number = str(taken.json, 'ticket', 'number');

  proxy.mode = 'refuse';
  proxy.cut();
  const phone = openSocket<TicketSocket>(server.url, '/ticket', { auth: { token } });
  const tv = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } });
  try {
    const refusals = await Promise.all([refused(phone), refused(tv)]);
    for (const [i, socket] of [phone, tv].entries()) {
      const refusal = refusals[i];
      expect(refusal?.data?.code).toBe('UNAVAILABLE');
      expect(refusal?.message).not.toMatch(/select|query|CONNECTION|5432/i);
      // Socket.IO gives up on a refused socket: the page must try again by itself.
      expect(socket.active).toBe(false);
    }

    proxy.mode = 'pass';
    // What the pages do on UNAVAILABLE (components/realtime/reconnect.ts): try the same socket again.
    const view = nextEvent<{ number: string; status: string }>(phone, 'ticket', () => true, waitMs);
    const snapshot = nextEvent<{ seq: number }>(tv, 'snapshot', () => true, waitMs);
    await expect
      .poll(
        async () => {
          for (const socket of [phone, tv]) if (!socket.connected) socket.connect();
          await new Promise((r) => setTimeout(r, 300));
          return phone.connected && tv.connected;
        },
        { timeout: waitMs },
      )
      .toBe(true);
    expect(await view).toMatchObject({ number, status: 'waiting' });
    expect((await snapshot).seq).toBeGreaterThanOrEqual(1);
  } finally {
    phone.close();
    tv.close();
  }
});
