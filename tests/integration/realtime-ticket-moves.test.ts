// Drivers: postgres. Why: the pushes after a citizen's move; the moves themselves run on both in citizen-moves.
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { HallEvent, QueueOrder, TicketPush } from '../../server/contracts/realtime';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { must, request, str } from '../support/http-client';
import { type DisplaySocket, type TicketSocket, collect, connected, nextEvent, openSocket, waitMs } from '../support/realtime-client';
import { login } from '../support/server';

/** "More time", "rejoin" and a paused counter reach every phone in the queue, and the TV. */

const { handle, server } = withRealtimeServer();
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

const track = <S extends Socket>(socket: S): S => {
  sockets.push(socket);
  return socket;
};

async function issue(hall: HallFixture) {
  const reply = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: must(hall.serviceIds.A) },
  });
  expect(reply.status, reply.text).toBe(201);
  // Distinct queue times, as a real hall has them.
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { number: str(reply.json, 'ticket', 'number'), token: str(reply.json, 'ticket', 'token') };
}

async function post(path: string, cookie?: string, json: object = {}) {
  return request(server.url, path, { method: 'POST', json, ...(cookie ? { cookie } : {}) });
}

function phoneOf(token: string) {
  const phone = track(openSocket<TicketSocket>(server.url, '/ticket', { auth: { token } }));
  return { phone, views: collect<TicketPush>(phone, 'ticket'), queues: collect<QueueOrder>(phone, 'queue') };
}

describe('the citizen moves, live', () => {
  it('a delay and a rejoin re-order every phone of the queue; a paused counter sends the reason', async () => {
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A', typicalServiceMinutes: 2 }],
      counters: [
        { number: 1, serves: ['A'] },
        { number: 2, serves: ['A'] },
      ],
    });
    const tv = track(openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } }));
    const tvEvents = collect<HallEvent>(tv, 'event');
    await nextEvent(tv, 'snapshot');
    const tickets = [];
    for (let i = 0; i < 6; i += 1) tickets.push(await issue(hall));
    const [a1, a2, a3] = tickets;
    const mover = phoneOf(must(a1).token);
    const other = phoneOf(must(a3).token);
    await Promise.all([connected(mover.phone), connected(other.phone)]);
    await expect.poll(() => other.views.length, { timeout: waitMs }).toBeGreaterThan(0);

    // Two counters of 2 minutes: a call a minute, so 5 minutes are 5 places (the cap).
    const delayed = await post(`/api/v1/tickets/${must(a1).token}/delay`);
    expect(delayed.status, delayed.text).toBe(200);
    expect(delayed.json).toMatchObject({ delay: { from: 1, to: 6 } });
    const lastOrder = (q: QueueOrder[]) => q[q.length - 1]?.order;
    const expected = [...tickets.slice(1), must(a1)].map((t) => t.number);
    await expect.poll(() => lastOrder(other.queues), { timeout: waitMs }).toEqual(expected);
    await expect.poll(() => lastOrder(mover.queues), { timeout: waitMs }).toEqual(expected);
    await expect
      .poll(() => mover.views[mover.views.length - 1]?.moves?.moreTime, { timeout: waitMs })
      .toMatchObject({ available: false, used: true });
    await expect.poll(() => tvEvents.map((e) => e.type), { timeout: waitMs }).toContain('ticket.delayed');
    const tvDelayed = tvEvents.find((e) => e.type === 'ticket.delayed');
    expect(tvDelayed?.data).toEqual({ ticketId: expect.any(String) as unknown, number: must(a1).number, serviceId: hall.serviceIds.A });

    const c2 = await login(server.url, hall.usernameOf(2), fixturePassword);
    expect((await post(`/api/v1/counters/${must(hall.counterIds[2])}/pause`, c2, { reason: '午休' })).status).toBe(200);
    await expect.poll(() => other.queues[other.queues.length - 1]?.reasons ?? [], { timeout: waitMs }).toContain('counters_paused');

    // A no-show rejoins at the end: the phones see it behind everyone.
    const c1 = await login(server.url, hall.usernameOf(1), fixturePassword);
    const called = await post(`/api/v1/counters/${must(hall.counterIds[1])}/call-next`, c1);
    expect(str(called.json, 'ticket', 'number')).toBe(must(a2).number);
    expect((await post(`/api/v1/counters/${must(hall.counterIds[1])}/no-show`, c1)).status).toBe(200);
    const missed = phoneOf(must(a2).token);
    await connected(missed.phone);
    await expect.poll(() => missed.views[missed.views.length - 1]?.moves?.rejoin?.available, { timeout: waitMs }).toBe(true);
    expect((await post(`/api/v1/tickets/${must(a2).token}/rejoin`)).status).toBe(200);
    await expect.poll(() => lastOrder(other.queues)?.at(-1), { timeout: waitMs }).toBe(must(a2).number);
    await expect.poll(() => missed.views[missed.views.length - 1]?.status, { timeout: waitMs }).toBe('waiting');
    await expect.poll(() => tvEvents.map((e) => e.type), { timeout: waitMs }).toContain('ticket.rejoined');
  });
});
