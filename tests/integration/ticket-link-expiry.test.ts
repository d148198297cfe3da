// Drivers: postgres. Why: the expiry is one plain query per token; what is tested is the HTTP answer and the Socket.IO admission over real sockets.
/**
 * Ticket links end at the end of the hall day (Asia/Shanghai) on which the visit ended: the
 * API answers NOT_FOUND with reason LINK_EXPIRED and when, commands by the token find
 * nothing, and the /ticket socket is refused with the same reason. A visit still waiting
 * today, or with a 办不成事 case open, stays alive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { createFakeClock } from '../../server/domain/clock';
import { createHallFixture } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { must, request } from '../support/http-client';
import { openSocket, refused } from '../support/realtime-client';
import { unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const clock = createFakeClock('2026-11-27T02:00:00Z');
const { handle, server } = withRealtimeServer({ clock });
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function visits() {
  clock.set('2026-11-27T02:00:00Z');
  const hall = await createHallFixture(handle.db, { services: [{ prefix: 'A' }], counters: [{ number: 1, serves: ['A'], status: 'closed' }] });
  const A = must(hall.serviceIds.A);
  const counter = must(hall.counterIds[1]);
  const clerk = hall.staffOf(1);
  const s = server.services;
  unwrap(await s.counters.open(clerk, counter));
  const served = unwrap(await s.tickets.issue(hall.slug, { serviceId: A }));
  const withCase = unwrap(await s.tickets.issue(hall.slug, { serviceId: A }));
  const waiting = unwrap(await s.tickets.issue(hall.slug, { serviceId: A }));
  for (let i = 0; i < 2; i += 1) {
    clock.advance(60_000);
    unwrap(await s.counters.callNext(clerk, counter));
    unwrap(await s.counters.start(clerk, counter));
    clock.advance(5 * 60_000);
    unwrap(await s.counters.complete(clerk, counter, {}));
  }
  unwrap(await s.cases.open(hall.slug, { description: '材料要求不清楚', ticketToken: withCase.token }, null));
  return { hall, served, withCase, waiting };
}

const view = (token: string) => request(server.url, `/api/v1/tickets/${token}`);

describe('ticket links expire', () => {
  it('work until the end of the hall day the visit ended on, then answer LINK_EXPIRED', async () => {
    const { hall, served, withCase, waiting } = await visits();
    // 23:59 in Shanghai: every link still works.
    clock.set('2026-11-27T15:59:00Z');
    expect((await view(served.token)).status).toBe(200);
    expect((await view(waiting.token)).status).toBe(200);

    // Local midnight: the served visit's link has ended.
    clock.set('2026-11-27T16:00:00Z');
    const expired = await view(served.token);
    expect(expired.status).toBe(404);
    expect(expired.json).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: expect.any(String) as string,
        reason: 'LINK_EXPIRED',
        details: { expiredAt: '2026-11-27T16:00:00.000Z', hall: hall.slug, hallName: expect.any(String) as string, timeZone: 'Asia/Shanghai' },
      },
    });
    // Commands by the token find nothing either.
    const rating = await request(server.url, `/api/v1/tickets/${served.token}/rating`, { method: 'POST', json: { level: 'satisfied' } });
    expect(rating.status).toBe(404);
    // A visit with its 办不成事 case open stays alive: the citizen reads the answer there.
    expect((await view(withCase.token)).status).toBe(200);
    // A number left waiting in yesterday's queue ended with that day.
    expect((await view(waiting.token)).json).toMatchObject({ error: { reason: 'LINK_EXPIRED' } });
    // An unknown token is still plain NOT_FOUND.
    expect((await view('x'.repeat(32))).json).not.toMatchObject({ error: { reason: 'LINK_EXPIRED' } });

    // The citizen's socket is refused with the same reason (the page then shows why).
    const socket = openSocket(server.url, '/ticket', { auth: { token: served.token } });
    sockets.push(socket);
    const refusal = await refused(socket);
    expect(refusal.data).toMatchObject({ code: 'NOT_FOUND', reason: 'LINK_EXPIRED', details: { expiredAt: '2026-11-27T16:00:00.000Z' } });
    // The live one is let in.
    const alive = openSocket(server.url, '/ticket', { auth: { token: withCase.token } });
    sockets.push(alive);
    await new Promise<void>((resolve, reject) => {
      alive.once('connect', () => resolve());
      alive.once('connect_error', reject);
    });
  });

  it('a visit still waiting today stays alive however late it is', async () => {
    const { waiting } = await visits();
    clock.set('2026-11-27T15:59:59Z');
    expect((await view(waiting.token)).json).toMatchObject({ ticket: { status: 'waiting' } });
  });
});
