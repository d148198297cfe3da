// Drivers: postgres. Why: one socket round trip; the driver is covered by smoke on both.
import { io } from 'socket.io-client';
import { expect, it } from 'vitest';
import { createHallFixture } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';

const { handle, server } = withRealtimeServer();

it('pushes a call to a display', async () => {
  const hall = await createHallFixture(handle.db);
  const socket = io(`${server.url}/display`, { auth: { hall: hall.slug }, transports: ['websocket'] });
  const received: Array<{ seq: number; type: string; data: Record<string, unknown> }> = [];
  const snapshot = await new Promise<{ seq: number }>((resolve) => socket.once('snapshot', resolve));
  socket.on('event', (e: { seq: number; type: string; data: Record<string, unknown> }) => received.push(e));
  expect(snapshot.seq).toBe(0);
  const issued = await server.services.tickets.issue(hall.slug, { serviceId: hall.serviceIds.A ?? '' });
  expect(issued.ok).toBe(true);
  await server.services.counters.callNext(hall.staffOf(1), hall.counterIds[1] ?? '');
  await expect.poll(() => received.length).toBe(4);
  expect(received.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  expect(received[2]).toMatchObject({ type: 'ticket.called', data: { number: 'A001', counterNumber: 1 } });
  socket.close();
});
