// Drivers: postgres. Why: who may call which admin route is decided before any SQL that differs by driver.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addAccount, createHallFixture, districtAdmin, fixturePassword, hallState, type HallFixture } from '../support/admin-fixture';
import { withHallServer } from '../support/hall-server';
import { request } from '../support/http-client';
import { unwrap } from '../support/results';
import { login } from '../support/server';

const { handle, server } = withHallServer();

type Role = 'anonymous' | 'staff' | 'leader' | 'volunteer' | 'inspector' | 'otherHallAdmin' | 'hallAdmin' | 'districtAdmin';
const roles: Role[] = ['anonymous', 'staff', 'leader', 'volunteer', 'inspector', 'otherHallAdmin', 'hallAdmin', 'districtAdmin'];

/** Who may: `hall` routes the hall's admin and a district admin; `district` only a district admin; `admin` any admin. */
type Scope = 'hall' | 'district' | 'admin';

interface Ctx {
  hall: HallFixture;
  deviceId: string;
  n: number;
}

interface AdminRouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  scope: Scope;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const letters = 'EFGHIJKLMNOPQRSTUVWXY';

const h = (rest: string) => (c: Ctx) => `/api/v1/admin/halls/${c.hall.slug}${rest}`;

/** Every admin route (server/http/routes/admin.ts), with a body that succeeds for whoever may. */
const cases: AdminRouteCase[] = [
  { method: 'GET', path: () => '/api/v1/admin/me', scope: 'admin' },
  { method: 'GET', path: () => '/api/v1/admin/halls', scope: 'admin' },
  { method: 'POST', path: () => '/api/v1/admin/halls', body: () => ({ slug: `n-${randomBytes(3).toString('hex')}`, name: '新建大厅' }), scope: 'district' },
  { method: 'GET', path: h(''), scope: 'hall' },
  { method: 'PATCH', path: h(''), body: (c) => ({ name: `改名大厅 ${c.n}`, address: '琼山区', openingHours: [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }, { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' }] }), scope: 'hall' },
  { method: 'GET', path: h('/settings'), scope: 'hall' },
  { method: 'PATCH', path: h('/settings'), body: (c) => ({ waitTargetMinutes: 20 + c.n, rectification: { rectifyDays: 7 } }), scope: 'hall' },
  { method: 'GET', path: h('/services'), scope: 'hall' },
  { method: 'POST', path: h('/services'), body: (c) => ({ prefix: letters[c.n % letters.length], name: `新事项${c.n}` }), scope: 'hall' },
  { method: 'PATCH', path: (c) => h(`/services/${c.hall.serviceIds.A}`)(c), body: (c) => ({ name: `事项A-${c.n}`, dailyCap: 50 }), scope: 'hall' },
  { method: 'GET', path: h('/services/export'), scope: 'hall' },
  { method: 'GET', path: h('/services/export.xlsx'), scope: 'hall' },
  {
    method: 'POST',
    path: h('/services/import'),
    body: (c) => ({ services: [{ prefix: 'Z', name: `导入${c.n}`, kind: 'normal', guide: { materials: [], conditions: [], timeLimit: '', fees: '' }, dailyCap: null, openingHours: [], instantApproval: false, onlineUrl: null, promisedDays: null, slotCapacity: null, typicalServiceMinutes: 8, sortOrder: 9 }] }),
    scope: 'hall',
  },
  { method: 'GET', path: h('/counters'), scope: 'hall' },
  { method: 'POST', path: h('/counters'), body: (c) => ({ number: 10 + c.n, name: `${10 + c.n}号窗口` }), scope: 'hall' },
  { method: 'PATCH', path: (c) => h(`/counters/${c.hall.counterIds[2]}`)(c), body: (c) => ({ name: `二号窗口${c.n}` }), scope: 'hall' },
  { method: 'GET', path: h('/counter-services'), scope: 'hall' },
  {
    method: 'PUT',
    path: h('/counter-services'),
    body: (c) => ({ rows: 'MATRIX' as unknown as [] , n: c.n }),
    scope: 'hall',
  },
  { method: 'GET', path: h('/staff'), scope: 'hall' },
  { method: 'POST', path: h('/staff'), body: (c) => ({ username: `clerk-${randomBytes(3).toString('hex')}`, displayName: `新同事${c.n}`, role: 'staff', counterId: c.hall.counterIds[1], password: 'a-long-password' }), scope: 'hall' },
  { method: 'PATCH', path: (c) => h(`/staff/${c.hall.staffOf(2).id}`)(c), body: (c) => ({ displayName: `窗口二${c.n}` }), scope: 'hall' },
  { method: 'POST', path: (c) => h(`/staff/${c.hall.staffOf(2).id}/password`)(c), body: () => ({ password: 'another-password' }), scope: 'hall' },
  { method: 'POST', path: (c) => h(`/staff/${c.hall.staffOf(2).id}/unlock`)(c), body: () => ({}), scope: 'hall' },
  { method: 'GET', path: () => '/api/v1/admin/district-admins', scope: 'district' },
  { method: 'POST', path: () => '/api/v1/admin/district-admins', body: () => ({ username: `d-${randomBytes(3).toString('hex')}`, displayName: '区管理员二', password: 'a-long-password' }), scope: 'district' },
  { method: 'GET', path: (c) => `${h('/duty-roster')(c)}?month=${tomorrow().slice(0, 7)}`, scope: 'hall' },
  { method: 'PUT', path: h('/duty-roster'), body: (c) => ({ days: [{ day: tomorrow(), staffId: c.hall.leader.id }] }), scope: 'hall' },
  { method: 'GET', path: h('/display-devices'), scope: 'hall' },
  { method: 'POST', path: h('/display-devices'), body: (c) => ({ name: `大厅屏${c.n}` }), scope: 'hall' },
  { method: 'PATCH', path: (c) => h(`/display-devices/${c.deviceId}`)(c), body: (c) => ({ name: `一楼屏${c.n}` }), scope: 'hall' },
  { method: 'POST', path: (c) => h(`/display-devices/${c.deviceId}/revoke`)(c), body: () => ({}), scope: 'hall' },
  { method: 'GET', path: h('/webhooks'), scope: 'hall' },
  { method: 'POST', path: h('/webhooks'), body: (c) => ({ url: `https://hooks.example.gov.cn/${c.n}`, active: false }), scope: 'hall' },
  { method: 'GET', path: h('/notices'), scope: 'hall' },
  { method: 'PUT', path: h('/notices'), body: (c) => ({ notices: [`欢迎光临 ${c.n}`], callTemplate: '请 {number} 号到 {counter} 号窗口', callRepeat: 2 }), scope: 'hall' },
  { method: 'PUT', path: h('/urgent-notice'), body: (c) => ({ text: c.n % 2 === 0 ? null : '系统故障，暂停取号' }), scope: 'hall' },
  { method: 'GET', path: h('/audit'), scope: 'hall' },
  { method: 'GET', path: h('/audit.csv'), scope: 'hall' },
  { method: 'GET', path: h('/sign-ins'), scope: 'hall' },
  { method: 'GET', path: h('/sign-ins.csv'), scope: 'hall' },
];

function allowed(scope: Scope, role: Role): boolean {
  if (role === 'districtAdmin') return true;
  if (scope === 'district') return false;
  if (role === 'hallAdmin') return true;
  return scope === 'admin' && role === 'otherHallAdmin';
}

describe('every admin route for every role', () => {
  const cookies = {} as Record<Role, string>;
  let ctx: Ctx;

  it('sets up two halls and one account of each role', async () => {
    const hall = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const device = unwrap(await server.services.displayDevices.issue(hall.admin, hall.slug, '测试屏'));
    ctx = { hall, deviceId: device.device.id, n: 0 };
    const usernames: Record<Exclude<Role, 'anonymous'>, string> = {
      staff: hall.usernameOf(1),
      leader: hall.leader.username,
      volunteer: await addAccount(handle.db, hall.hallId, 'volunteer'),
      inspector: await addAccount(handle.db, hall.hallId, 'inspector'),
      otherHallAdmin: other.admin.username,
      hallAdmin: hall.admin.username,
      districtAdmin: await districtAdmin(handle.db),
    };
    cookies.anonymous = '';
    for (const [role, username] of Object.entries(usernames)) cookies[role as Role] = await login(server.url, username, fixturePassword);
    expect(Object.keys(cookies)).toHaveLength(roles.length);
  });

  async function bodyOf(c: AdminRouteCase): Promise<unknown> {
    const body = c.body?.(ctx);
    if (body && typeof body === 'object' && 'rows' in body && body.rows === ('MATRIX' as unknown)) {
      // The matrix is replaced whole: every counter of the hall now, with its services turned round.
      const matrix = await request(server.url, h('/counter-services')(ctx), { cookie: cookies.hallAdmin });
      const m = matrix.json as { rows: Array<{ counterId: string }>; services: Array<{ id: string }> };
      return { rows: m.rows.map((r, i) => ({ counterId: r.counterId, serviceIds: m.services.filter((_, j) => (i + j + ctx.n) % 2 === 0).map((s) => s.id) })) };
    }
    return body;
  }

  for (const c of cases) {
    it(`${c.method} ${c.path({ hall: { slug: '{hall}', serviceIds: { A: '{serviceId}' }, counterIds: { 1: '{counterId}', 2: '{counterId}' }, staffOf: () => ({ id: '{staffId}' }) } as unknown as HallFixture, deviceId: '{deviceId}', n: 0 })}`, async () => {
      const before = await hallState(handle.db, ctx.hall.hallId);
      for (const role of roles.filter((r) => !allowed(c.scope, r))) {
        ctx.n += 1;
        const body = await bodyOf(c);
        const reply = await request(server.url, c.path(ctx), { method: c.method, cookie: cookies[role], ...(body !== undefined ? { json: body } : {}) });
        expect({ role, status: reply.status }).toEqual({ role, status: role === 'anonymous' ? 401 : 403 });
        expect((reply.json as { error: { code: string } }).error.code).toBe(role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
      expect(await hallState(handle.db, ctx.hall.hallId)).toBe(before);
      for (const role of roles.filter((r) => allowed(c.scope, r))) {
        ctx.n += 1;
        const body = await bodyOf(c);
        const reply = await request(server.url, c.path(ctx), { method: c.method, cookie: cookies[role], ...(body !== undefined ? { json: body } : {}) });
        expect({ role, status: reply.status, body: reply.status < 300 ? null : reply.text }).toEqual({ role, status: c.method === 'POST' && /\/(halls|services|counters|staff|district-admins|display-devices|webhooks)$/.test(c.path(ctx)) ? 201 : 200, body: null });
      }
    });
  }

  it('a hall admin never reaches another hall, even by its id', async () => {
    const other = await createHallFixture(handle.db);
    const before = await hallState(handle.db, other.hallId);
    const reply = await request(server.url, `/api/v1/admin/halls/${other.hallId}`, { method: 'PATCH', cookie: cookies.hallAdmin, json: { name: '越权' } });
    expect(reply.status).toBe(403);
    expect(await hallState(handle.db, other.hallId)).toBe(before);
  });

  it('the OpenAPI document describes every admin route', async () => {
    const doc = (await request(server.url, '/api/v1/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    for (const c of cases) {
      const template = c.path({ hall: { slug: '{hall}', serviceIds: { A: '{serviceId}' }, counterIds: { 1: '{counterId}', 2: '{counterId}' }, staffOf: () => ({ id: '{staffId}' }) } as unknown as HallFixture, deviceId: '{deviceId}', n: 0 }).split('?')[0] ?? '';
      expect(doc.paths[template]?.[c.method.toLowerCase()], `${c.method} ${template}`).toBeDefined();
    }
  });
});
