// Drivers: postgres. Why: the shapes of pushes (projections) do not depend on the driver.
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { HallEvent, QueueOrder, Snapshot, TicketPush } from '../../server/contracts/realtime';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { must, request, str } from '../support/http-client';
import {
  type DisplaySocket,
  type TicketSocket,
  collect,
  connected,
  nextEvent,
  openSocket,
  resync,
  waitMs,
} from '../support/realtime-client';
import { eventsOf } from '../support/results';
import { login } from '../support/server';

const { handle, server } = withRealtimeServer();
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

function track<S extends Socket>(socket: S): S {
  sockets.push(socket);
  return socket;
}

async function issue(hall: HallFixture, prefix: string, phone?: string) {
  const reply = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: must(hall.serviceIds[prefix]), ...(phone ? { phone } : {}) },
  });
  expect(reply.status, reply.text).toBe(201);
  return { id: str(reply.json, 'ticket', 'id'), number: str(reply.json, 'ticket', 'number'), token: str(reply.json, 'ticket', 'token') };
}

async function counterCommand(hall: HallFixture, cookie: string, counter: number, action: string, json: unknown = {}) {
  const reply = await request(server.url, `/api/v1/counters/${must(hall.counterIds[counter])}/${action}`, {
    method: 'POST',
    cookie,
    json,
  });
  expect(reply.status, `${action}: ${reply.text}`).toBe(200);
  return reply.json;
}

async function display(hall: HallFixture, auth: Record<string, unknown> = {}) {
  const socket = track(openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug, ...auth } }));
  const events = collect<HallEvent>(socket, 'event');
  const snapshot = await nextEvent<Snapshot>(socket, 'snapshot');
  return { socket, events, snapshot };
}

describe('/display', () => {
  it('a call made over HTTP arrives with its seq and the contract payload', async () => {
    const hall = await createHallFixture(handle.db);
    const { events, snapshot } = await display(hall);
    expect(snapshot.seq).toBe(0);
    expect(snapshot.hall).toEqual({ id: hall.hallId, slug: hall.slug, name: expect.any(String) as unknown });

    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const ticket = await issue(hall, 'A');
    const called = await counterCommand(hall, cookie, 1, 'call-next');
    expect(str(called, 'ticket', 'number')).toBe(ticket.number);

    await expect.poll(() => events.find((e) => e.type === 'ticket.called'), { timeout: waitMs }).toBeDefined();
    const rows = await eventsOf(handle.db, hall.hallId);
    const row = must(rows.find((r) => r.type === 'ticket.called'));
    const push = must(events.find((e) => e.type === 'ticket.called'));
    expect(push).toEqual({
      seq: row.seq,
      type: 'ticket.called',
      at: row.at.toISOString(),
      data: expect.objectContaining({
        number: ticket.number,
        counterNumber: 1,
        counterId: hall.counterIds[1],
        serviceId: hall.serviceIds.A,
      }) as unknown,
    });
    // Every push so far, once, in seq order, each matching its row.
    await expect.poll(() => events.length, { timeout: waitMs }).toBe(rows.length);
    expect(events.map((e) => [e.seq, e.type])).toEqual(rows.map((r) => [r.seq, r.type]));
  });

  it('never carries a phone number or an out-of-turn reason, masked or not, live or on catch-up', async () => {
    const hall = await createHallFixture(handle.db);
    const phone = '13812341234';
    const reason = '老人腿脚不便请优先办理';
    const frames: string[] = [];
    const live = track(openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } }));
    // Every decoded packet of this connection: connect, snapshot, events, counts, heartbeats.
    live.io.on('packet', (packet: unknown) => frames.push(JSON.stringify(packet)));
    const liveEvents = collect<HallEvent>(live, 'event');
    await nextEvent<Snapshot>(live, 'snapshot');

    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const staffSocket = track(openSocket(server.url, '/staff', { cookie }));
    const staffEvents = collect<HallEvent>(staffSocket, 'event');
    await connected(staffSocket);

    await issue(hall, 'A');
    const withPhone = await issue(hall, 'A', phone);
    await counterCommand(hall, cookie, 1, 'call', { ticketId: withPhone.id, reason });
    await expect
      .poll(() => liveEvents.find((e) => e.type === 'ticket.called'), { timeout: waitMs })
      .toMatchObject({ data: { number: withPhone.number, outOfTurn: true } });
    // The staff stream does get the reason: the check below can see a leak.
    await expect
      .poll(() => staffEvents.find((e) => e.type === 'ticket.called'), { timeout: waitMs })
      .toMatchObject({ data: { reason } });
    // Counts are coalesced; wait for the one after the call so it is among the frames.
    await expect.poll(() => frames.some((f) => f.includes('"counts"')), { timeout: waitMs }).toBe(true);

    // A screen that connects now: the snapshot; one that asks from seq 0: every event again.
    const late = track(openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } }));
    late.io.on('packet', (packet: unknown) => frames.push(JSON.stringify(packet)));
    const lateSnapshot = await nextEvent<Snapshot>(late, 'snapshot');
    expect(lateSnapshot.recentCalls.map((c) => c.number)).toEqual([withPhone.number]);
    const behind = track(openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug, since: 0 } }));
    behind.io.on('packet', (packet: unknown) => frames.push(JSON.stringify(packet)));
    const caughtUp = collect<HallEvent>(behind, 'event');
    await connected(behind);
    const rows = await eventsOf(handle.db, hall.hallId);
    await expect.poll(() => caughtUp.length, { timeout: waitMs }).toBe(rows.length);
    const reply = await resync(behind, { since: 0 });
    frames.push(JSON.stringify(reply));
    expect(reply).toMatchObject({ ok: true, events: expect.any(Array) as unknown });

    const text = frames
      .join('\n')
      // Ids, times and the fixture's random tag: a '1234' or '138' in them is chance, not a phone.
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replaceAll(hall.slug.slice(2), '<tag>');
    expect(text).toContain(withPhone.number);
    expect(text).not.toContain(phone);
    expect(text).not.toContain('1234');
    expect(text).not.toContain('138');
    expect(text).not.toContain(reason);
    expect(text).not.toContain('腿脚');
    expect(text).not.toContain('"reason"');
  });
});

describe('/ticket', () => {
  it('pushes the visit its own view and its service queue order, position falling as others are served', async () => {
    const hall = await createHallFixture(handle.db);
    const first = await issue(hall, 'A');
    const second = await issue(hall, 'A');
    const mine = await issue(hall, 'A');
    await issue(hall, 'B'); // another service: not in A's order

    const phone = track(openSocket<TicketSocket>(server.url, '/ticket', { auth: { token: mine.token } }));
    const views = collect<TicketPush>(phone, 'ticket');
    const queues = collect<QueueOrder>(phone, 'queue');
    await connected(phone);
    await expect.poll(() => views.length, { timeout: waitMs }).toBeGreaterThan(0);
    expect(views[0]).toMatchObject({ number: mine.number, status: 'waiting', position: 3, counterNumber: null });
    await expect.poll(() => queues.length, { timeout: waitMs }).toBeGreaterThan(0);
    expect(queues[0]).toMatchObject({ serviceId: hall.serviceIds.A, order: [first.number, second.number, mine.number] });
    expect(queues[0]?.eta).toHaveLength(3);

    const positionNow = () => {
      const latest = queues[queues.length - 1];
      return latest ? latest.order.indexOf(mine.number) + 1 : null;
    };
    const c1 = await login(server.url, hall.usernameOf(1), fixturePassword);
    const c2 = await login(server.url, hall.usernameOf(2), fixturePassword);

    await counterCommand(hall, c2, 2, 'call-next');
    await expect.poll(positionNow, { timeout: waitMs }).toBe(2);
    expect(queues[queues.length - 1]?.order).toEqual([second.number, mine.number]);
    await counterCommand(hall, c2, 2, 'start');
    await counterCommand(hall, c2, 2, 'complete');
    await counterCommand(hall, c2, 2, 'call-next');
    await expect.poll(positionNow, { timeout: waitMs }).toBe(1);
    // Nothing about this visit changed yet: only queue orders told the phone its place.
    expect(views.every((v) => v.status === 'waiting')).toBe(true);

    // Counter 1 serves A and B; A's older ticket (mine) comes before B's.
    await counterCommand(hall, c1, 1, 'call-next');
    await expect
      .poll(() => views[views.length - 1], { timeout: waitMs })
      .toMatchObject({ number: mine.number, status: 'called', counterNumber: 1, position: null });
    await expect.poll(() => queues[queues.length - 1]?.order, { timeout: waitMs }).toEqual([]);

    // Positions seen in the pushes only ever fell while the ticket waited.
    const positions = queues.map((q) => q.order.indexOf(mine.number) + 1).filter((p) => p > 0);
    expect(positions[0]).toBe(3);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    // The phone saw only its own ticket's views, never another visit's.
    expect(new Set(views.map((v) => v.number))).toEqual(new Set([mine.number]));
  });
});

describe('/staff', () => {
  it('receives the events of its own hall only', async () => {
    const mine = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const cookie = await login(server.url, mine.usernameOf(1), fixturePassword);
    const socket = track(openSocket(server.url, '/staff', { cookie }));
    const events = collect<HallEvent>(socket, 'event');
    const snapshot = await nextEvent<Snapshot>(socket, 'snapshot');
    expect(snapshot.hall.id).toBe(mine.hallId);

    const otherCookie = await login(server.url, other.usernameOf(1), fixturePassword);
    await issue(other, 'A');
    await counterCommand(other, otherCookie, 1, 'call-next');
    await counterCommand(other, otherCookie, 1, 'pause', { reason: '午休' });
    // Then one event of its own hall: everything committed before it was relayed before it.
    await issue(mine, 'B');
    await expect.poll(() => events.length, { timeout: waitMs }).toBe(2);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'ticket.issued'],
      [2, 'queue.changed'],
    ]);
    const otherIds = new Set<unknown>([...Object.values(other.serviceIds), ...Object.values(other.counterIds)]);
    for (const event of events) {
      expect(otherIds.has(event.data.serviceId)).toBe(false);
      expect(otherIds.has(event.data.counterId)).toBe(false);
    }
    // Staff see the whole event (here the channel the ticket came through).
    expect(events[0]?.data).toMatchObject({ serviceId: mine.serviceIds.B, channel: 'kiosk' });
  });
});
