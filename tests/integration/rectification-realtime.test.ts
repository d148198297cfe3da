// Drivers: postgres. Why: the push of a work order's answer; the work orders run on both in rectification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import type { HallEvent, TicketPush } from '../../server/contracts/realtime';
import { openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { type RealtimeTestServer, startRealtimeServer } from '../support/realtime-server';
import { connected, nextEvent, openSocket } from '../support/realtime-client';
import { present, unwrap } from '../support/results';
import { login } from '../support/server';

describe('整改 in real time', () => {
  let handle: DbHandle;
  let server: RealtimeTestServer;
  const sockets: Array<{ close: () => void }> = [];
  beforeAll(async () => {
    handle = await openTestDb();
    server = await startRealtimeServer(handle.db);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
    await handle.close();
  });

  it('a bad rating reaches the leaders live, hall screens learn nothing of it, and the citizen’s open page gets the answer live', async () => {
    const hall = await createHallFixture(handle.db);
    const { services } = server;
    const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), channel: 'phone' }));
    const clerk = hall.staffOf(1);
    const counterId = present(hall.counterIds[1]);
    unwrap(await services.counters.callNext(clerk, counterId));
    unwrap(await services.counters.start(clerk, counterId));
    unwrap(await services.counters.complete(clerk, counterId, {}));

    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);
    const leader = openSocket(server.url, '/leader', { cookie: leaderCookie });
    const display = openSocket(server.url, '/display', { auth: { hall: hall.slug } });
    const phone = openSocket(server.url, '/ticket', { auth: { token: issued.token } });
    sockets.push(leader, display, phone);
    await Promise.all([connected(leader), connected(display), connected(phone)]);

    const opened = nextEvent<HallEvent>(leader, 'event', (e) => e.type === 'work_order.opened');
    const onDisplay = nextEvent<HallEvent>(display, 'event', (e) => e.type === 'work_order.opened');
    unwrap(await services.tickets.rate(issued.token, { level: 'dissatisfied', comment: '窗口推诿' }));
    const event = await opened;
    expect(event.data).toMatchObject({ source: 'rating', step: 'verify' });
    const orderId = String(event.data.workOrderId);
    // The public projection keeps only numbers, counters and services: no order, no comment.
    expect((await onDisplay).data).toEqual({});

    const order = unwrap(await services.workOrders.detail(hall.leader, orderId)).workOrder;
    expect(order.summary).toBe('窗口推诿');
    unwrap(await services.workOrders.advance(hall.leader, orderId, { step: 'verify', note: '核实' }));
    unwrap(await services.workOrders.advance(hall.leader, orderId, { step: 'rectify', note: '整改' }));
    const answer = '已核实并整改，感谢监督。';
    const advanced = nextEvent<HallEvent>(display, 'event', (e) => e.type === 'work_order.advanced' && e.seq > event.seq + 2);
    // The page still open on the phone gets the answer live, though the event names no ticket.
    const live = nextEvent<TicketPush>(phone, 'ticket', (t) => t.ratingReply?.answer === answer);
    unwrap(await services.workOrders.advance(hall.leader, orderId, { step: 'answer', note: '答复', answer }));
    expect((await advanced).data).toEqual({});
    expect((await live).ratingReply?.answeredAt).toBeTruthy();
    // The citizen's page, opened again, gets the answer with its first push.
    const again = openSocket(server.url, '/ticket', { auth: { token: issued.token } });
    sockets.push(again);
    const view = nextEvent<TicketPush>(again, 'ticket');
    await connected(again);
    expect((await view).ratingReply?.answer).toBe(answer);
  });
});
