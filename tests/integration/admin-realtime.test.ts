import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../server/contracts/realtime';
import { createHallFixture, fixturePassword } from '../support/admin-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { request } from '../support/http-client';
import { type DisplaySocket, connected, nextEvent, openSocket } from '../support/realtime-client';
import { login } from '../support/server';

const { handle, server } = withRealtimeServer();

describe('admin changes reach open screens live', () => {
  it('a renamed service, a disabled service and an urgent notice reach an open /display socket', async () => {
    const hall = await createHallFixture(handle.db);
    const admin = await login(server.url, hall.admin.username, fixturePassword);
    const tv = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } });
    try {
      const first = nextEvent<Snapshot>(tv, 'snapshot');
      await connected(tv);
      expect((await first).services.map((s) => s.name)).toContain('事项A');

      const renamed = nextEvent<Snapshot>(tv, 'snapshot', (s) => s.services.some((x) => x.name === '企业开办（新）'));
      const patch = await request(server.url, `/api/v1/admin/halls/${hall.slug}/services/${hall.serviceIds.A}`, {
        method: 'PATCH',
        cookie: admin,
        json: { name: '企业开办（新）' },
      });
      expect(patch.status).toBe(200);
      expect((await renamed).services.find((s) => s.id === hall.serviceIds.A)?.name).toBe('企业开办（新）');

      const urgent = nextEvent<Snapshot>(tv, 'snapshot', (s) => s.urgentNotice === '系统故障，暂停取号');
      const event = nextEvent<{ type: string; data: Record<string, unknown> }>(tv, 'event', (e) => e.type === 'hall.urgent');
      const post = await request(server.url, `/api/v1/admin/halls/${hall.slug}/urgent-notice`, { method: 'PUT', cookie: admin, json: { text: '系统故障，暂停取号' } });
      expect(post.status).toBe(200);
      expect((await event).data.urgentNotice).toBe('系统故障，暂停取号');
      expect((await urgent).urgentNotice).toBe('系统故障，暂停取号');

      const cleared = nextEvent<Snapshot>(tv, 'snapshot', (s) => s.urgentNotice === null);
      await request(server.url, `/api/v1/admin/halls/${hall.slug}/urgent-notice`, { method: 'PUT', cookie: admin, json: { text: null } });
      expect((await cleared).urgentNotice).toBeNull();

      const disabled = nextEvent<Snapshot>(tv, 'snapshot', (s) => !s.services.some((x) => x.id === hall.serviceIds.B));
      await request(server.url, `/api/v1/admin/halls/${hall.slug}/services/${hall.serviceIds.B}`, { method: 'PATCH', cookie: admin, json: { active: false } });
      expect((await disabled).services.map((s) => s.id)).toEqual([hall.serviceIds.A]);
      // A disabled service takes no numbers; its history stays.
      const take = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, { method: 'POST', json: { serviceId: hall.serviceIds.B } });
      expect(take.status).toBeGreaterThanOrEqual(400);
      const list = await request(server.url, `/api/v1/admin/halls/${hall.slug}/services`, { cookie: admin });
      expect((list.json as { services: Array<{ id: string; active: boolean }> }).services.find((s) => s.id === hall.serviceIds.B)?.active).toBe(false);
    } finally {
      tv.close();
    }
  });

  it("a counter's new services reach the screen with the matrix", async () => {
    const hall = await createHallFixture(handle.db);
    const admin = await login(server.url, hall.admin.username, fixturePassword);
    const tv = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } });
    try {
      const first = nextEvent<Snapshot>(tv, 'snapshot');
      await connected(tv);
      const seq = (await first).seq;
      const next = nextEvent<Snapshot>(tv, 'snapshot', (s) => s.seq > seq);
      const put = await request(server.url, `/api/v1/admin/halls/${hall.slug}/counter-services`, {
        method: 'PUT',
        cookie: admin,
        json: { rows: [{ counterId: hall.counterIds[1], serviceIds: [hall.serviceIds.B] }, { counterId: hall.counterIds[2], serviceIds: [hall.serviceIds.A, hall.serviceIds.B] }] },
      });
      expect(put.status).toBe(200);
      expect((await next).seq).toBeGreaterThan(seq);
      const state = await request(server.url, `/api/v1/admin/halls/${hall.slug}/counters`, { cookie: admin });
      const counters = (state.json as { counters: Array<{ number: number; serviceIds: string[] }> }).counters;
      expect(counters.find((c) => c.number === 1)?.serviceIds).toEqual([hall.serviceIds.B]);
    } finally {
      tv.close();
    }
  });

  it("a disabled account's open /staff socket is disconnected, and its session ends", async () => {
    const hall = await createHallFixture(handle.db);
    const admin = await login(server.url, hall.admin.username, fixturePassword);
    const clerk = await login(server.url, hall.usernameOf(1), fixturePassword);
    const socket = openSocket(server.url, '/staff', { cookie: clerk });
    try {
      await connected(socket);
      const gone = nextEvent<string>(socket, 'disconnect');
      const reply = await request(server.url, `/api/v1/admin/halls/${hall.slug}/staff/${hall.staffOf(1).id}`, { method: 'PATCH', cookie: admin, json: { active: false } });
      expect(reply.status).toBe(200);
      expect(await gone).toBe('io server disconnect');
      expect((await request(server.url, '/api/v1/me', { cookie: clerk })).status).toBe(401);
      const again = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: hall.usernameOf(1), password: fixturePassword }) });
      expect(again.status).toBe(401);
    } finally {
      socket.close();
    }
  });

  it("a password reset ends the account's sockets; changing one's own keeps the current session only", async () => {
    const hall = await createHallFixture(handle.db);
    const admin = await login(server.url, hall.admin.username, fixturePassword);
    const clerk = await login(server.url, hall.usernameOf(2), fixturePassword);
    const socket = openSocket(server.url, '/staff', { cookie: clerk });
    try {
      await connected(socket);
      const gone = nextEvent<string>(socket, 'disconnect');
      const reset = await request(server.url, `/api/v1/admin/halls/${hall.slug}/staff/${hall.staffOf(2).id}/password`, { method: 'POST', cookie: admin, json: { password: 'set-by-the-admin' } });
      expect(reset.status).toBe(200);
      expect(JSON.stringify(reset.json)).not.toContain('set-by-the-admin');
      expect(await gone).toBe('io server disconnect');
    } finally {
      socket.close();
    }
    const first = await login(server.url, hall.usernameOf(2), 'set-by-the-admin');
    const second = await login(server.url, hall.usernameOf(2), 'set-by-the-admin');
    const wrong = await request(server.url, '/api/v1/me/password', { method: 'POST', cookie: first, json: { currentPassword: 'not-it-at-all', newPassword: 'my-own-password' } });
    expect(wrong.status).toBe(403);
    const changed = await request(server.url, '/api/v1/me/password', { method: 'POST', cookie: first, json: { currentPassword: 'set-by-the-admin', newPassword: 'my-own-password' } });
    expect(changed.status).toBe(200);
    expect((await request(server.url, '/api/v1/me', { cookie: first })).status).toBe(200);
    expect((await request(server.url, '/api/v1/me', { cookie: second })).status).toBe(401);
    await login(server.url, hall.usernameOf(2), 'my-own-password');
  });
});
