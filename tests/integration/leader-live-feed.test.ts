// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { afterAll, describe, expect, it } from 'vitest';
import type { LeaderClientEvents, LeaderServerEvents, LiveMetrics, MetricsWatchReply } from '../../server/contracts/leader-live';
import { type TestDriver } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { collect, connected, nextEvent, openSocket } from '../support/realtime-client';
import { present, unwrap } from '../support/results';
import { login } from '../support/server';
import type { Socket } from 'socket.io-client';

type LeaderSocket = Socket<LeaderServerEvents, LeaderClientEvents>;

const drivers: TestDriver[] = ['postgres', 'pglite'];

describe.each(drivers)("the leaders' metrics feed on %s", (driver) => {
  const { handle, server } = withRealtimeServer({ driver });
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const s of sockets) s.close();
  });

  async function leaderSocket(username: string): Promise<LeaderSocket> {
    const cookie = await login(server.url, username, fixturePassword);
    const socket = openSocket<LeaderSocket>(server.url, '/leader', { cookie });
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  const watch = (socket: LeaderSocket, halls: unknown) =>
    new Promise<MetricsWatchReply>((resolve) => {
      socket.emit('metrics:watch', halls as { halls: string[] }, resolve);
    });

  it('pushes the hall figures on watch, then again (coalesced) when a counter completes a ticket', async () => {
    const hall = await createHallFixture(handle.db);
    const socket = await leaderSocket(hall.leader.username);
    const first = nextEvent<LiveMetrics>(socket, 'metrics');
    expect(await watch(socket, { halls: [hall.slug] })).toEqual({ ok: true, halls: [hall.slug] });
    expect((await first).served.today).toBe(0);

    const clerk = hall.staffOf(1);
    const counterId = present(hall.counterIds[1]);
    for (let i = 0; i < 3; i++) unwrap(await server.services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
    unwrap(await server.services.counters.callNext(clerk, counterId));
    unwrap(await server.services.counters.start(clerk, counterId));
    unwrap(await server.services.counters.complete(clerk, counterId, {}));
    const served = await nextEvent<LiveMetrics>(socket, 'metrics', (m) => m.served.today === 1);
    expect(served.hall.slug).toBe(hall.slug);
    expect(served.services.find((s) => s.prefix === 'A')?.waiting).toBe(2);
  });

  it('refuses halls outside the district and malformed requests, and pushes nothing for them', async () => {
    const hall = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const socket = await leaderSocket(hall.leader.username);
    expect(await watch(socket, { halls: [other.slug] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await watch(socket, { halls: ['bad slug!'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await watch(socket, 'halls')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const pushes = collect<LiveMetrics>(socket, 'metrics');
    unwrap(await server.services.tickets.issue(other.slug, { serviceId: present(other.serviceIds.A) }));
    // A push of our own hall afterwards shows the feed is alive, and nothing of the other came.
    const mine = nextEvent<LiveMetrics>(socket, 'metrics');
    expect(await watch(socket, { halls: [hall.slug] })).toMatchObject({ ok: true });
    expect((await mine).hall.slug).toBe(hall.slug);
    expect(pushes.every((m) => m.hall.slug === hall.slug)).toBe(true);
  });
});
