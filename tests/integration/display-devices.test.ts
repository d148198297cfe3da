// Drivers: postgres. Why: device keys and their authorisation at the socket handshake do not depend on the driver.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultHallSettings, displayDevices, halls, staff } from '../../db/schema';
import type { Snapshot } from '../../server/contracts/realtime';
import { hashDeviceKey } from '../../server/services/display-devices';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { field, must, request, str } from '../support/http-client';
import { connected, nextEvent, openSocket, refused } from '../support/realtime-client';
import { login } from '../support/server';

const { handle, server } = withRealtimeServer();
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

function openDisplay(auth: Record<string, unknown>): Socket {
  const socket = openSocket(server.url, '/display', { auth });
  sockets.push(socket);
  return socket;
}

/** A hall with an admin account, optionally requiring device keys of its screens. */
async function hallWithAdmin(requireDeviceKey: boolean): Promise<HallFixture & { adminCookie: string }> {
  const hall = await createHallFixture(handle.db, { settings: { requireDeviceKey } });
  const username = `${hall.slug}-admin`;
  await handle.db.insert(staff).values({
    id: randomUUID(),
    hallId: hall.hallId,
    username,
    displayName: '管理员',
    role: 'admin',
    passwordHash: await bcrypt.hash(fixturePassword, 4),
  });
  return { ...hall, adminCookie: await login(server.url, username, fixturePassword) };
}

async function issueKey(hall: string, cookie: string, name = '大厅综合屏'): Promise<{ key: string; id: string }> {
  const reply = await request(server.url, `/api/v1/halls/${hall}/display-devices`, { method: 'POST', cookie, json: { name } });
  expect(reply.status, reply.text).toBe(201);
  return { key: str(reply.json, 'key'), id: str(reply.json, 'device', 'id') };
}

describe('issuing device keys', () => {
  it('an admin of the hall gets a key once; only its hash is stored', async () => {
    const hall = await hallWithAdmin(false);
    const reply = await request(server.url, `/api/v1/halls/${hall.slug}/display-devices`, {
      method: 'POST',
      cookie: hall.adminCookie,
      json: { name: '  一楼大厅综合屏  ' },
    });
    expect(reply.status, reply.text).toBe(201);
    const key = str(reply.json, 'key');
    expect(key).toMatch(/^hbd_[A-Za-z0-9_-]{43}$/);
    expect(field(reply.json, 'device')).toMatchObject({ name: '一楼大厅综合屏', revokedAt: null });

    const rows = await handle.db.select().from(displayDevices).where(eq(displayDevices.hallId, hall.hallId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.keyHash).toBe(hashDeviceKey(key));
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));

    // The list names the screens but never shows a key again.
    const list = await request(server.url, `/api/v1/halls/${hall.slug}/display-devices`, { cookie: hall.adminCookie });
    expect(list.status, list.text).toBe(200);
    expect(list.text).not.toContain(key.slice(4));
    expect(field(list.json, 'devices')).toEqual([expect.objectContaining({ id: rows[0]?.id, name: '一楼大厅综合屏' })]);

    // A second key is a different key.
    expect((await issueKey(hall.slug, hall.adminCookie)).key).not.toBe(key);
  });

  it('staff, leaders, strangers and admins of another hall are refused', async () => {
    const hall = await hallWithAdmin(false);
    const other = await hallWithAdmin(false);
    const path = `/api/v1/halls/${hall.slug}/display-devices`;
    const staffCookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);

    const asStaff = await request(server.url, path, { method: 'POST', cookie: staffCookie, json: { name: 'x' } });
    expect(asStaff.status).toBe(403);
    expect(str(asStaff.json, 'error', 'code')).toBe('FORBIDDEN');
    expect((await request(server.url, path, { method: 'POST', cookie: leaderCookie, json: { name: 'x' } })).status).toBe(403);
    expect((await request(server.url, path, { method: 'POST', json: { name: 'x' } })).status).toBe(401);
    expect((await request(server.url, path, { cookie: staffCookie })).status).toBe(403);

    // An admin is an admin of their own hall only.
    const wrongHall = await request(server.url, path, { method: 'POST', cookie: other.adminCookie, json: { name: 'x' } });
    expect(wrongHall.status).toBe(403);
    expect((await request(server.url, path, { cookie: other.adminCookie })).status).toBe(403);
    const unknown = await request(server.url, `/api/v1/halls/${hall.slug}-nope/display-devices`, {
      method: 'POST',
      cookie: hall.adminCookie,
      json: { name: 'x' },
    });
    expect(unknown.status).toBe(404);

    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'x', key: 'mine' }]) {
      const bad = await request(server.url, path, { method: 'POST', cookie: hall.adminCookie, json: body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    expect(await handle.db.select().from(displayDevices).where(eq(displayDevices.hallId, hall.hallId))).toEqual([]);

    // Revoking follows the same rule.
    const { id } = await issueKey(hall.slug, hall.adminCookie);
    const revokePath = `${path}/${id}/revoke`;
    expect((await request(server.url, revokePath, { method: 'POST', cookie: staffCookie, json: {} })).status).toBe(403);
    expect((await request(server.url, revokePath, { method: 'POST', cookie: other.adminCookie, json: {} })).status).toBe(403);
    const foreign = await request(server.url, `/api/v1/halls/${other.slug}/display-devices/${id}/revoke`, {
      method: 'POST',
      cookie: other.adminCookie,
      json: {},
    });
    expect(foreign.status).toBe(404);
  });
});

describe('the /display handshake', () => {
  it('a hall that requires keys admits a screen with its key and refuses one without', async () => {
    const hall = await hallWithAdmin(true);
    const other = await hallWithAdmin(false);
    const { key } = await issueKey(hall.slug, hall.adminCookie);
    const otherKey = (await issueKey(other.slug, other.adminCookie)).key;

    const without = await refused(openDisplay({ hall: hall.slug }));
    expect(without.data?.code).toBe('FORBIDDEN');
    await refused(openDisplay({ hall: hall.slug, deviceKey: '' }));
    await refused(openDisplay({ hall: hall.slug, deviceKey: `hbd_${'A'.repeat(43)}` }));
    await refused(openDisplay({ hall: hall.slug, deviceKey: key.slice(0, -1) }));
    // A key is bound to its hall: another hall's key opens nothing here.
    await refused(openDisplay({ hall: hall.slug, deviceKey: otherKey }));
    await refused(openDisplay({ hall: hall.hallId, deviceKey: otherKey }));

    const screen = openDisplay({ hall: hall.slug, deviceKey: key });
    const snapshot = nextEvent<Snapshot>(screen, 'snapshot');
    await connected(screen);
    expect((await snapshot).hall.id).toBe(hall.hallId);
    await connected(openDisplay({ hall: hall.hallId, deviceKey: key, since: 0 }));

    // A hall that does not require keys lets any screen in, with or without one.
    await connected(openDisplay({ hall: other.slug }));
    await connected(openDisplay({ hall: other.slug, deviceKey: otherKey }));
  });

  it('revoking a key disconnects its screens and refuses them from then on', async () => {
    const hall = await hallWithAdmin(true);
    const kept = await issueKey(hall.slug, hall.adminCookie, '一号屏');
    const revoked = await issueKey(hall.slug, hall.adminCookie, '二号屏');
    const survivor = openDisplay({ hall: hall.slug, deviceKey: kept.key });
    const victim = openDisplay({ hall: hall.slug, deviceKey: revoked.key });
    await Promise.all([connected(survivor), connected(victim)]);
    const gone = nextEvent<string>(victim, 'disconnect');

    const reply = await request(server.url, `/api/v1/halls/${hall.slug}/display-devices/${revoked.id}/revoke`, {
      method: 'POST',
      cookie: hall.adminCookie,
      json: {},
    });
    expect(reply.status, reply.text).toBe(200);
    expect(str(reply.json, 'device', 'revokedAt')).not.toBe('');
    expect(await gone).toBe('io server disconnect');
    expect(survivor.connected).toBe(true);
    await refused(openDisplay({ hall: hall.slug, deviceKey: revoked.key }));
    await connected(openDisplay({ hall: hall.slug, deviceKey: kept.key }));
  });

  it('turning the requirement on applies to the next handshake', async () => {
    const hall = await hallWithAdmin(false);
    await connected(openDisplay({ hall: hall.slug }));
    await handle.db
      .update(halls)
      .set({ settings: { ...defaultHallSettings, requireDeviceKey: true } })
      .where(eq(halls.id, hall.hallId));
    await refused(openDisplay({ hall: hall.slug }));
    const { key } = await issueKey(hall.slug, hall.adminCookie);
    await connected(openDisplay({ hall: hall.slug, deviceKey: must(key) }));
  });
});

describe('what a screen learns', () => {
  it('the snapshot carries the hall notices and voice settings, and no personal data', async () => {
    const hall = await createHallFixture(handle.db, {
      settings: { notices: ['今日下午停电检修'], callTemplate: '请 {number} 号到 {counter} 号窗口', callRepeat: 3 },
    });
    await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds.A), phone: '13812345678' });
    const screen = openDisplay({ hall: hall.slug });
    const snapshot = nextEvent<Snapshot>(screen, 'snapshot');
    const called = nextEvent<{ type: string }>(screen, 'event', (e) => e.type === 'ticket.called');
    await connected(screen);
    const snap = await snapshot;
    expect(snap.notices).toEqual(['今日下午停电检修']);
    await server.services.counters.callNext(hall.staffOf(1), must(hall.counterIds[1]));
    const wire = JSON.stringify([snap, await called]);
    expect(wire).not.toMatch(/1381234|5678|窗口1/);
    expect(snap.voice).toEqual({ template: '请 {number} 号到 {counter} 号窗口', repeat: 3 });

    // A hall written before these settings existed gets the defaults.
    await handle.db
      .update(halls)
      .set({ settings: { priorityInterleave: 3, agingMinutes: 45, enforceHours: true, callTemplate: '请 {number} 号到 {counter} 号窗口办理' } as never })
      .where(eq(halls.id, hall.hallId));
    const old = openDisplay({ hall: hall.slug });
    const oldSnapshot = nextEvent<Snapshot>(old, 'snapshot');
    await connected(old);
    const snap2 = await oldSnapshot;
    expect(snap2.notices).toEqual([]);
    expect(snap2.voice).toEqual({ template: '请 {number} 号到 {counter} 号窗口办理', repeat: 2 });
  });
});
