// Drivers: postgres. Why: input validation answers before any SQL, and "nothing changed" is read the same way on either driver.
/**
 * Every endpoint of the API, fed bad input over a real socket: each refusal is the
 * contract's error shape with a human message and no stack trace, and leaves the
 * database exactly as it was. Endpoints are taken from the route table, so a new
 * one is covered by the generic cases as soon as it is added.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../server/http/api-routes';
import type { Route } from '../../server/http/router';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { type HttpReply, type RequestOptions, dbSnapshot, must, request, str } from '../support/http-client';
import { login } from '../support/server';

const { handle, server } = withHallServer();

// ---------------------------------------------------------------------------
// Per-test world: a fresh hall, one waiting ticket, staff of counter 1 signed in.

interface Ctx {
  hall: HallFixture;
  token: string;
  ticketId: string;
  /** Session cookie of the staff member of counter 1. */
  cookie: string;
}

async function setup(): Promise<Ctx> {
  const hall = await createHallFixture(handle.db);
  const issued = await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds.A, 'service A') });
  if (!issued.ok) throw new Error(`issue failed: ${issued.error.message}`);
  const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
  return { hall, token: issued.data.token, ticketId: issued.data.id, cookie };
}

const counterOf = (ctx: Ctx, n: number) => must(ctx.hall.counterIds[n], `counter ${n}`);
const serviceOf = (ctx: Ctx, prefix: string) => must(ctx.hall.serviceIds[prefix], `service ${prefix}`);

/**
 * The route's path with its parameters filled from the world, or from `values`
 * (percent-encoded, or inserted as they are with `raw`).
 */
function pathOf(r: Route, ctx: Ctx, values: Record<string, string> = {}, raw = false): string {
  const defaults: Record<string, string> = {
    hall: ctx.hall.slug,
    token: ctx.token,
    counterId: counterOf(ctx, 1),
    deviceId: '00000000-0000-4000-8000-000000000000',
    refusalId: '00000000-0000-4000-8000-000000000001',
    caseId: '00000000-0000-4000-8000-000000000002',
    acceptanceId: '00000000-0000-4000-8000-000000000003',
    caseNo: 'QS-2026-000001',
    workOrderId: '00000000-0000-4000-8000-000000000003',
    code: 'ABCDEFGH',
    serviceId: serviceOf(ctx, 'A'),
    staffId: '00000000-0000-4000-8000-000000000004',
    reportId: '00000000-0000-4000-8000-000000000005',
    photoId: '00000000-0000-4000-8000-000000000006',
    messageId: '00000000-0000-4000-8000-000000000007',
    subscriberId: '00000000-0000-4000-8000-000000000008',
  };
  return r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const given = values[name];
    if (given !== undefined) return raw ? given : encodeURIComponent(given);
    const value = defaults[name];
    if (value === undefined) throw new Error(`no test value for {${name}} in ${r.path}: add one to pathOf`);
    return encodeURIComponent(value);
  });
}

/** The JSON text of `body` with one more field, even one an object literal cannot hold (`__proto__`). */
function withExtraField(body: Record<string, unknown>, key: string, value: unknown): string {
  const base = JSON.stringify(body);
  const extra = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return base === '{}' ? `{${extra}}` : `${base.slice(0, -1)},${extra}}`;
}

const paramNames = (r: Route) => [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => must(m[1]));
const label = (r: Route) => `${r.method} ${r.path}`;

/** A body each route accepts, so that a case changes exactly one thing about it. */
const validBodies: Record<string, (ctx: Ctx) => Record<string, unknown>> = {
  'POST /api/v1/halls/{hall}/tickets': (c) => ({ serviceId: serviceOf(c, 'A'), channel: 'kiosk', phone: '13812341234' }),
  'POST /api/v1/tickets/{token}/rating': () => ({ level: 'satisfied', efficiency: 5, comment: '很好' }),
  'POST /api/v1/auth/login': (c) => ({ username: c.hall.usernameOf(1), password: fixturePassword }),
  'POST /api/v1/counters/{counterId}/call': (c) => ({ ticketId: c.ticketId, reason: '老人优先办理' }),
  'POST /api/v1/counters/{counterId}/complete': () => ({ outcome: 'accepted', note: '材料齐全' }),
  'POST /api/v1/counters/{counterId}/transfer': (c) => ({ serviceId: serviceOf(c, 'B'), note: '转窗' }),
  'POST /api/v1/counters/{counterId}/return': (c) => ({ ticketId: c.ticketId }),
  'POST /api/v1/counters/{counterId}/pause': () => ({ reason: '午休' }),
  'POST /api/v1/halls/{hall}/display-devices': () => ({ name: '一楼大厅综合屏' }),
  'POST /api/v1/counters/{counterId}/refusals': () => ({ reason: '非产权人', legalBasis: '《不动产登记暂行条例》', notice: ['授权委托书'] }),
  'POST /api/v1/refusals/{refusalId}/decision': () => ({ approve: true, comment: '同意' }),
  'POST /api/v1/halls/{hall}/unresolved-cases': (c) => ({ description: '来回跑', ticketToken: c.token }),
  'POST /api/v1/unresolved-cases/{caseId}/assign': (c) => ({ staffId: c.hall.leader.id }),
  'POST /api/v1/unresolved-cases/{caseId}/close': () => ({ outcome: 'registered', answer: '已登记并解释' }),
  'PUT /api/v1/halls/{hall}/duty-roster': (c) => ({ days: [{ day: '2026-11-27', staffId: c.hall.leader.id }] }),
  'POST /api/v1/counters/{counterId}/conditional-acceptances': () => ({ missingItems: ['户口簿原件'], commitment: 'phone', caseNo: 'QS-2026-000009' }),
  'POST /api/v1/conditional-acceptances/{acceptanceId}/withdraw': () => ({ reason: '群众放弃申请' }),
  'POST /api/v1/cases/{caseNo}/progress': () => ({ status: 'in_review', note: '已转审批科' }),
  'POST /api/v1/work-orders/{workOrderId}/advance': () => ({ step: 'verify', note: '已电话回访核实' }),
  'POST /api/v1/work-orders/{workOrderId}/appeal': () => ({ reason: '同一号码连续恶意差评' }),
  'POST /api/v1/work-orders/{workOrderId}/appeal/decline': () => ({ reason: '证据不足' }),
  'POST /api/v1/halls/{hall}/inspection-reports': (c) => ({
    serviceId: serviceOf(c, 'A'),
    visitedAt: '2026-11-27T02:00:00Z',
    scores: { efficiency: 4, serviceLevel: 4, attitude: 5, environment: 3, guidance: 4 },
    problems: ['叫号屏字体太小'],
    summary: '整体良好',
  }),
  'POST /api/v1/halls/{hall}/appointments': (c) => ({
    serviceId: serviceOf(c, 'A'),
    slotStart: '2030-01-07T02:00:00.000Z',
    name: '张三',
    phone: '13812341234',
  }),
  'POST /api/v1/appointments/{code}/cancel': () => ({ phoneLast4: '1234' }),
  // A 1×1 PNG.
  'POST /api/v1/inspection-reports/{reportId}/photos': () => ({
    image: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  }),
  'POST /api/v1/halls/{hall}/tickets/find': () => ({ phone: '13812341234', number: 'A001' }),
  'POST /api/v1/halls/{hall}/personal-data/reveal': () => ({ kind: 'work_order', id: '00000000-0000-4000-8000-000000000003', reason: 'follow_up' }),
  'POST /api/v1/me/password': () => ({ currentPassword: fixturePassword, newPassword: 'a-new-password' }),
  'POST /api/v1/admin/halls': () => ({ slug: 'meilan', name: '美兰区政务服务中心' }),
  'POST /api/v1/admin/halls/{hall}/services': () => ({ prefix: 'K', name: '不动产登记' }),
  'POST /api/v1/admin/halls/{hall}/services/import': () => ({ services: [{ prefix: 'K', name: '不动产登记' }], dryRun: true }),
  'POST /api/v1/admin/halls/{hall}/counters': () => ({ number: 9, name: '9号窗口', status: 'closed' }),
  'POST /api/v1/admin/halls/{hall}/staff': () => ({ username: 'clerk9', displayName: '王小明', role: 'staff', password: 'a-long-password' }),
  'POST /api/v1/admin/halls/{hall}/staff/{staffId}/password': () => ({ password: 'a-long-password' }),
  'POST /api/v1/admin/district-admins': () => ({ username: 'chief2', displayName: '区管理员', password: 'a-long-password' }),
  'POST /api/v1/admin/halls/{hall}/display-devices': () => ({ name: '一楼大厅综合屏' }),
  'POST /api/v1/admin/halls/{hall}/webhooks': () => ({ url: 'https://hooks.example.gov.cn/hallboard', eventTypes: ['ticket.called'] }),
  'PATCH /api/v1/admin/halls/{hall}/webhooks/{subscriberId}': () => ({ active: false }),
};

function validBody(r: Route, ctx: Ctx): Record<string, unknown> {
  const make = validBodies[label(r)];
  return make ? make(ctx) : {};
}

/** Bodies of the right JSON syntax but the wrong types or values, per route. */
const wrongBodies: Record<string, (ctx: Ctx) => unknown[]> = {
  'POST /api/v1/halls/{hall}/tickets': (c) => [
    {},
    { serviceId: 123 },
    { serviceId: 'abc' },
    { serviceId: null },
    { serviceId: serviceOf(c, 'A'), phone: 'abc' },
    { serviceId: serviceOf(c, 'A'), phone: 13812341234 },
    { serviceId: serviceOf(c, 'A'), phone: '1381234123' },
    { serviceId: serviceOf(c, 'A'), channel: 'staff' },
    { serviceId: serviceOf(c, 'A'), channel: 7 },
    { serviceId: serviceOf(c, 'A'), channel: 'volunteer' },
    { serviceId: serviceOf(c, 'A'), priorityClass: 'appointment' },
    { serviceId: serviceOf(c, 'A'), priorityClass: 'vip' },
  ],
  'POST /api/v1/tickets/{token}/rating': () => [
    {},
    { level: 'great' },
    { level: 1 },
    { level: 'satisfied', efficiency: 6 },
    { level: 'satisfied', attitude: 0 },
    { level: 'satisfied', serviceLevel: 2.5 },
    { level: 'satisfied', efficiency: '5' },
    { level: 'satisfied', comment: 'x'.repeat(501) },
    { level: 'satisfied', comment: 12 },
  ],
  'POST /api/v1/auth/login': (c) => [
    {},
    { username: c.hall.usernameOf(1) },
    { username: '', password: fixturePassword },
    { username: c.hall.usernameOf(1), password: '' },
    { username: 123, password: fixturePassword },
    { username: c.hall.usernameOf(1), password: ['x'] },
    { username: 'x'.repeat(65), password: fixturePassword },
    { username: c.hall.usernameOf(1), password: 'x'.repeat(201) },
  ],
  'POST /api/v1/counters/{counterId}/call': (c) => [
    {},
    { ticketId: c.ticketId },
    { reason: '老人优先办理' },
    { ticketId: 'abc', reason: '老人优先办理' },
    { ticketId: 42, reason: '老人优先办理' },
    { ticketId: c.ticketId, reason: '' },
    { ticketId: c.ticketId, reason: '   ' },
    { ticketId: c.ticketId, reason: 'x'.repeat(201) },
  ],
  'POST /api/v1/counters/{counterId}/complete': () => [
    { outcome: 'done' },
    { outcome: 'conditional' },
    { outcome: 'refused' },
    { outcome: 'accepted', caseNo: 'ab' },
    { outcome: 'accepted', caseNo: 'QS 2026' },
    { outcome: 1 },
    { note: 5 },
    { note: 'x'.repeat(501) },
    { note: 'a\u0000b' },
  ],
  'POST /api/v1/counters/{counterId}/transfer': (c) => [
    {},
    { note: 'x' },
    { serviceId: serviceOf(c, 'B'), counterId: counterOf(c, 2) },
    { serviceId: 123 },
    { counterId: 'abc' },
    { serviceId: serviceOf(c, 'B'), note: 'x'.repeat(501) },
  ],
  'POST /api/v1/counters/{counterId}/return': () => [{}, { ticketId: 123 }, { ticketId: 'abc' }, { ticketId: null }],
  'POST /api/v1/counters/{counterId}/pause': () => [
    {},
    { reason: '' },
    { reason: '   ' },
    { reason: 123 },
    { reason: null },
    { reason: 'x'.repeat(201) },
  ],
  'POST /api/v1/halls/{hall}/display-devices': () => [{}, { name: '' }, { name: '  ' }, { name: 7 }, { name: 'x'.repeat(101) }],
  'POST /api/v1/admin/halls/{hall}/webhooks': () => [
    {},
    { url: '' },
    { url: 'not a url' },
    { url: 'http://hooks.example.gov.cn/x' },
    { url: 'ftp://hooks.example.gov.cn/x' },
    { url: 'https://user:pass@hooks.example.gov.cn/x' },
    { url: `https://hooks.example.gov.cn/${'x'.repeat(500)}` },
    { url: 'https://hooks.example.gov.cn/x', eventTypes: [] },
    { url: 'https://hooks.example.gov.cn/x', eventTypes: ['ticket.exploded'] },
    { url: 'https://hooks.example.gov.cn/x', eventTypes: 'ticket.called' },
    { url: 'https://hooks.example.gov.cn/x', active: 'yes' },
    { url: 'https://hooks.example.gov.cn/x', secret: 'mine' },
  ],
  'PATCH /api/v1/admin/halls/{hall}/webhooks/{subscriberId}': () => [{}, { url: 'http://10.0.0.5/x' }, { active: 1 }, { eventTypes: [] }, { secret: 'mine' }],
  'POST /api/v1/counters/{counterId}/conditional-acceptances': () => [
    {},
    { missingItems: [], commitment: 'phone' },
    { missingItems: '   ', commitment: 'phone' },
    { missingItems: ['户口簿'], commitment: 'email' },
    { missingItems: ['户口簿'] },
    { missingItems: ['户口簿'], commitment: 'paper', deadline: '2026-13-01' },
    { missingItems: ['户口簿'], commitment: 'paper', deadline: 'tomorrow' },
    { missingItems: ['户口簿'], commitment: 'paper', caseNo: '办件1' },
    { missingItems: Array.from({ length: 21 }, (_, i) => `材料${i}`), commitment: 'paper' },
  ],
  'POST /api/v1/conditional-acceptances/{acceptanceId}/withdraw': () => [{}, { reason: '' }, { reason: 5 }, { reason: 'x'.repeat(201) }],
  'POST /api/v1/cases/{caseNo}/progress': () => [{}, { status: 'accepted' }, { status: 'done' }, { status: 'in_review', note: '' }],
  'POST /api/v1/work-orders/{workOrderId}/advance': () => [
    {},
    { step: 'closed', note: '结案' },
    { step: 'verify', note: '' },
    { step: 'verify', note: '核实', answer: '不该在这一步' },
    { step: 'answer', note: '答复' },
    { step: 'review', note: 'x'.repeat(1001) },
  ],
  'POST /api/v1/work-orders/{workOrderId}/appeal': () => [{}, { reason: '' }, { reason: '   ' }, { reason: 5 }, { reason: 'x'.repeat(501) }],
  'POST /api/v1/work-orders/{workOrderId}/appeal/decline': () => [{}, { reason: '' }, { reason: 5 }, { reason: 'x'.repeat(501) }, { reason: 'ok', extra: 1 }],
  'POST /api/v1/halls/{hall}/inspection-reports': (c) => {
    const valid = { serviceId: serviceOf(c, 'A'), visitedAt: '2026-11-27T02:00:00Z', scores: { efficiency: 4, serviceLevel: 4, attitude: 5, environment: 3, guidance: 4 }, problems: [], summary: '良好' };
    return [
      {},
      { ...valid, serviceId: 'abc' },
      { ...valid, visitedAt: 'yesterday' },
      { ...valid, scores: { ...valid.scores, attitude: 6 } },
      { ...valid, scores: { ...valid.scores, guidance: 0 } },
      { ...valid, scores: { efficiency: 4 } },
      { ...valid, scores: { ...valid.scores, extra: 3 } },
      { ...valid, problems: 'many' },
      { ...valid, problems: ['x'.repeat(301)] },
      { ...valid, summary: '' },
    ];
  },
  'POST /api/v1/halls/{hall}/appointments': (c) => {
    const ok = { serviceId: serviceOf(c, 'A'), slotStart: '2030-01-07T02:00:00.000Z', name: '张三', phone: '13812341234' };
    return [
      {},
      { ...ok, serviceId: 'abc' },
      { ...ok, slotStart: 'tomorrow' },
      { ...ok, slotStart: '2030-01-07' },
      { ...ok, slotStart: 1_900_000_000_000 },
      { ...ok, name: '' },
      { ...ok, name: '   ' },
      { ...ok, name: 'x'.repeat(41) },
      { ...ok, phone: '12345' },
      { ...ok, phone: 13812341234 },
      { serviceId: ok.serviceId, slotStart: ok.slotStart, name: ok.name },
    ];
  },
  'POST /api/v1/appointments/{code}/cancel': () => [{}, { phoneLast4: '123' }, { phoneLast4: 1234 }, { phoneLast4: 'abcd' }],
  'POST /api/v1/halls/{hall}/personal-data/reveal': () => {
    const ok = { kind: 'work_order', id: '00000000-0000-4000-8000-000000000003', reason: 'follow_up' };
    return [
      {},
      { kind: ok.kind, id: ok.id },
      { ...ok, reason: '' },
      { ...ok, reason: 'curious' },
      { ...ok, reason: 'other' },
      { ...ok, reason: 'other', note: '   ' },
      { ...ok, note: 'x'.repeat(201) },
      { ...ok, kind: 'ticket' },
      { ...ok, id: 'abc' },
    ];
  },
};

/** What no route takes as its body: not an object at all. */
const notObjects: unknown[] = [null, [], ['x'], 'text', 42, true];

const postRoutes = apiRoutes.filter((r) => r.method === 'POST');
const authRoutes = apiRoutes.filter((r) => r.auth);
const counterRoutes = apiRoutes.filter((r) => r.auth && paramNames(r).includes('counterId'));
const counterCommandRoutes = counterRoutes.filter((r) => r.method === 'POST');

// ---------------------------------------------------------------------------
// Assertions.

const stackTracePatterns = [
  /^\s*at\s/m, // a stack frame line
  /\(\S+:\d+:\d+\)/, // (file:line:col)
  /[\w./\\-]+\.(?:ts|js|mjs|cjs)\b/, // a source file
  /node_modules|\/work\/|file:\/\//,
  /\b\w*Error:/, // TypeError:, DrizzleQueryError: …
  /\bstack\b/i,
];

function expectErrorShape(reply: HttpReply, status: number, code: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  expect(reply.json).toEqual({ error: { code, message: expect.any(String) as unknown } });
  const message = str(reply.json, 'error', 'message');
  expect(message.trim().length, 'a human message').toBeGreaterThan(5);
  for (const pattern of stackTracePatterns) {
    expect(message, `message matches ${String(pattern)}`).not.toMatch(pattern);
    expect(reply.text).not.toMatch(pattern);
  }
}

/** Sends a request that must be refused, and checks it left the database untouched. */
async function expectRefused(path: string, options: RequestOptions, status: number, code: string): Promise<HttpReply> {
  const before = await dbSnapshot(handle.db);
  const reply = await request(server.url, path, options);
  expectErrorShape(reply, status, code);
  expect(await dbSnapshot(handle.db), `database changed by ${options.method ?? 'GET'} ${path}`).toEqual(before);
  return reply;
}

/** Headers and body of an otherwise valid request to the route, as staff of counter 1. */
function validRequest(r: Route, ctx: Ctx, extra: Partial<RequestOptions> = {}): RequestOptions {
  const options: RequestOptions = { method: r.method, cookie: ctx.cookie };
  if (r.method !== 'GET') options.json = validBody(r, ctx);
  return { ...options, ...extra };
}

// ---------------------------------------------------------------------------

describe('the route table', () => {
  it('has a valid body for every POST route, accepted by its schema', async () => {
    const ctx = await setup();
    for (const r of postRoutes) {
      const body = must(r.body, `body schema of ${label(r)}`);
      const parsed = body.safeParse(validBody(r, ctx));
      expect(parsed.success, `${label(r)}: add a valid body to validBodies`).toBe(true);
    }
  });

  it('has test values for every path parameter', async () => {
    const ctx = await setup();
    for (const r of apiRoutes) expect(() => pathOf(r, ctx)).not.toThrow();
  });
});

describe.each(postRoutes.map((r) => [label(r), r] as const))('%s: bad bodies', (_, r) => {
  it('malformed JSON → 400 VALIDATION', async () => {
    const ctx = await setup();
    for (const raw of ['{"serviceId":', '{', '{"a":1,}', "{'a':1}", 'nul', '{"a":1}}', '\u00ff\u00fe']) {
      const reply = await expectRefused(
        pathOf(r, ctx),
        validRequest(r, ctx, { json: undefined, raw, headers: { 'content-type': 'application/json' } }),
        400,
        'VALIDATION',
      );
      expect(str(reply.json, 'error', 'message')).toMatch(/JSON/);
    }
  });

  it('a body that is not an object → 400 VALIDATION', async () => {
    const ctx = await setup();
    for (const json of notObjects) {
      await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { json }), 400, 'VALIDATION');
    }
  });

  it('wrong types and values → 400 VALIDATION', async () => {
    const ctx = await setup();
    for (const json of wrongBodies[label(r)]?.(ctx) ?? []) {
      await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { json }), 400, 'VALIDATION');
    }
  });

  it('unknown extra fields → 400 VALIDATION (bodies are strict)', async () => {
    const ctx = await setup();
    const extras: Array<[string, unknown]> = [
      ['extra', 1],
      ['isAdmin', true],
      ['status', 'completed'],
      ['hallId', randomUUID()],
      ['__proto__', { polluted: true }],
      ['constructor', { prototype: { polluted: true } }],
    ];
    for (const [key, value] of extras) {
      // A route whose body has the field (progress takes a `status`) is not sent it twice.
      if (Object.hasOwn(validBody(r, ctx), key)) continue;
      const raw = withExtraField(validBody(r, ctx), key, value);
      const options = validRequest(r, ctx, { json: undefined, raw, headers: { 'content-type': 'application/json' } });
      const reply = await expectRefused(pathOf(r, ctx), options, 400, 'VALIDATION');
      expect(str(reply.json, 'error', 'message')).toMatch(/unrecognized key/i);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a string with a NUL character → 400 VALIDATION (not a database error)', async () => {
    const ctx = await setup();
    const body = validBody(r, ctx);
    const bodies: unknown[] = Object.entries(body)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => ({ ...body, [k]: `${String(v)}\u0000` }));
    bodies.push({ ...body, 'key\u0000': 1 });
    for (const json of bodies) {
      await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { json }), 400, 'VALIDATION');
    }
  });

  it('a body that is not application/json → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const ctx = await setup();
    const text = JSON.stringify(validBody(r, ctx));
    const cases: RequestOptions[] = [
      { raw: text, headers: { 'content-type': 'text/plain' } },
      { raw: text, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { raw: 'serviceId=x&phone=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { raw: text, headers: { 'content-type': 'multipart/form-data; boundary=x' } },
      // Bytes without any content-type header.
      { raw: new TextEncoder().encode(text) },
    ];
    for (const c of cases) {
      const reply = await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { json: undefined, ...c }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(str(reply.json, 'error', 'message')).toMatch(/application\/json/);
    }
  });

  it('a body larger than 32 KB (or the route\'s own limit) → 400 VALIDATION, and the connection still answers', async () => {
    const ctx = await setup();
    const limit = r.maxBodyBytes ?? 32 * 1024;
    for (const size of [limit + 1024, limit + 8 * 1024, limit === 32 * 1024 ? 300 * 1024 : limit + 64 * 1024]) {
      const json = { ...validBody(r, ctx), padding: 'x'.repeat(size) };
      const reply = await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { json }), 400, 'VALIDATION');
      expect(str(reply.json, 'error', 'message')).toMatch(/larger than/);
    }
    // Streamed without a content-length (chunked): the limit holds while reading.
    const chunk = new TextEncoder().encode(`{"padding":"${'x'.repeat(8 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= Math.ceil(limit / (8 * 1024)) + 4) controller.close();
        else controller.enqueue(chunk);
        sent += 1;
      },
    });
    const reply = await expectRefused(
      pathOf(r, ctx),
      validRequest(r, ctx, { json: undefined, raw: stream, headers: { 'content-type': 'application/json' } }),
      400,
      'VALIDATION',
    );
    expect(str(reply.json, 'error', 'message')).toMatch(/larger than/);
    expect((await request(server.url, '/healthz')).status).toBe(200);
  });
});

describe.each(apiRoutes.map((r) => [label(r), r] as const))('%s: method and path', (_, r) => {
  it('a wrong method on the path → 404 JSON', async () => {
    const ctx = await setup();
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
      (m) => !apiRoutes.some((other) => other.method === m && other.path === r.path),
    );
    for (const method of methods) {
      const options: RequestOptions = { method, cookie: ctx.cookie };
      if (method !== 'GET') options.json = validBody(r, ctx);
      await expectRefused(pathOf(r, ctx), options, 404, 'NOT_FOUND');
    }
  });

  if (paramNames(r).length > 0) {
    it('a path parameter with broken percent-encoding → 400 VALIDATION', async () => {
      const ctx = await setup();
      for (const name of paramNames(r)) {
        for (const bad of ['%E0%A4%A', '%', '%zz', 'ab%C3']) {
          const reply = await expectRefused(pathOf(r, ctx, { [name]: bad }, true), validRequest(r, ctx), 400, 'VALIDATION');
          expect(str(reply.json, 'error', 'message')).toContain(name);
        }
      }
    });
  }
});

describe('unknown paths', () => {
  it('an unknown /api/v1 path → 404 JSON', async () => {
    const ctx = await setup();
    for (const path of [
      '/api/v1/whatever',
      '/api/v1/halls/x/y/z',
      '/api/v1/counters',
      `/api/v1/counters/${counterOf(ctx, 1)}/explode`,
      `/api/v1/tickets/${ctx.token}/uncancel`,
      '/api/v2/halls',
      '/api/',
    ]) {
      for (const method of ['GET', 'POST']) {
        await expectRefused(path, { method, cookie: ctx.cookie, ...(method === 'POST' ? { json: {} } : {}) }, 404, 'NOT_FOUND');
      }
    }
  });

  it('anything outside /api without pages → 404 JSON', async () => {
    await expectRefused('/no-such-page', {}, 404, 'NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------
// Path parameters of the wrong shape, and ids of the right shape that do not exist.

describe('bad query parameters of the single sign-on routes → 400 VALIDATION', () => {
  it('a page to return to that is not one of our staff pages', async () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/counter/../admin', '/counter?x=1', '/elsewhere', 'counter', `/counter/${'a'.repeat(300)}`]) {
      await expectRefused(`/api/v1/auth/oidc/start?next=${encodeURIComponent(next)}`, {}, 400, 'VALIDATION');
    }
  });

  it("a provider's answer with neither code nor error, a code without state, or oversized values", async () => {
    const callback = '/api/v1/auth/oidc/callback';
    for (const query of ['', '?state=abc', '?code=abc', `?code=${'c'.repeat(2049)}&state=abc`, `?code=abc&state=${'s'.repeat(513)}`, `?error=${'e'.repeat(257)}`, '?code=&state=abc']) {
      await expectRefused(`${callback}${query}`, {}, 400, 'VALIDATION');
    }
  });
});

describe('bad path parameters → 400 VALIDATION', () => {
  const withParam = (name: string) => apiRoutes.filter((r) => paramNames(r).includes(name));

  it('counterId that is not a UUID, on every counter route', async () => {
    const ctx = await setup();
    for (const r of withParam('counterId')) {
      for (const bad of ['abc', '1', `${counterOf(ctx, 1)}x`, counterOf(ctx, 1).replaceAll('-', ''), "1' or '1'='1"]) {
        const reply = await expectRefused(pathOf(r, ctx, { counterId: bad }), validRequest(r, ctx), 400, 'VALIDATION');
        expect(str(reply.json, 'error', 'message')).toMatch(/counterId/);
      }
    }
  });

  it('a ticket token with bad characters or length, on every ticket route', async () => {
    const ctx = await setup();
    for (const r of withParam('token')) {
      for (const bad of [`${ctx.token.slice(0, 20)}!!`, `${ctx.token}$`, 'abc', 'x'.repeat(65), `${ctx.token.slice(0, 22)} ok`, '../../etc/passwd']) {
        const reply = await expectRefused(pathOf(r, ctx, { token: bad }), validRequest(r, ctx), 400, 'VALIDATION');
        expect(str(reply.json, 'error', 'message')).toMatch(/token/);
      }
    }
  });

  it('a hall reference with bad characters or length, on every hall route', async () => {
    const ctx = await setup();
    for (const r of withParam('hall')) {
      for (const bad of ['a_b', 'a.b', '琼山', 'x'.repeat(65), "x' or 1=1"]) {
        const reply = await expectRefused(pathOf(r, ctx, { hall: bad }), validRequest(r, ctx), 400, 'VALIDATION');
        expect(str(reply.json, 'error', 'message')).toMatch(/hall/);
      }
    }
  });
});

describe('unknown ids → 404 NOT_FOUND', () => {
  it('a hall that does not exist, by id or slug', async () => {
    const ctx = await setup();
    for (const hall of [randomUUID(), 'no-such-hall', '00000000-0000-0000-0000-000000000000']) {
      await expectRefused(`/api/v1/halls/${hall}`, {}, 404, 'NOT_FOUND');
      await expectRefused(`/api/v1/halls/${hall}/snapshot`, {}, 404, 'NOT_FOUND');
      await expectRefused(`/api/v1/halls/${hall}/tickets`, { method: 'POST', json: { serviceId: serviceOf(ctx, 'A') } }, 404, 'NOT_FOUND');
    }
  });

  it("a service that does not exist, or is another hall's", async () => {
    const ctx = await setup();
    const other = await createHallFixture(handle.db);
    for (const serviceId of [randomUUID(), must(other.serviceIds.A)]) {
      const reply = await expectRefused(`/api/v1/halls/${ctx.hall.slug}/tickets`, { method: 'POST', json: { serviceId } }, 404, 'NOT_FOUND');
      expect(str(reply.json, 'error', 'message')).toMatch(/service/i);
    }
  });

  it('a ticket token of valid shape that was never issued', async () => {
    const ctx = await setup();
    const token = randomBytes(18).toString('base64url');
    for (const r of apiRoutes.filter((x) => paramNames(x).includes('token'))) {
      await expectRefused(pathOf(r, ctx, { token }), validRequest(r, ctx), 404, 'NOT_FOUND');
    }
  });

  it('a counter that does not exist: its state is 404, commands on it are refused as not ours', async () => {
    const ctx = await setup();
    const missing = randomUUID();
    await expectRefused(`/api/v1/counters/${missing}`, { cookie: ctx.cookie }, 404, 'NOT_FOUND');
    // Commands authorise before any lookup: staff may only act for their own counter.
    for (const r of counterCommandRoutes) {
      await expectRefused(pathOf(r, ctx, { counterId: missing }), validRequest(r, ctx), 403, 'FORBIDDEN');
    }
  });

  it('ids in command bodies that do not exist or belong to another hall', async () => {
    const ctx = await setup();
    const other = await createHallFixture(handle.db);
    const c1 = counterOf(ctx, 1);
    const send = (action: string, json: unknown) =>
      expectRefused(`/api/v1/counters/${c1}/${action}`, { method: 'POST', cookie: ctx.cookie, json }, 404, 'NOT_FOUND');
    const otherTicket = await server.services.tickets.issue(other.slug, { serviceId: must(other.serviceIds.A) });
    if (!otherTicket.ok) throw new Error('issue failed');
    await send('call', { ticketId: randomUUID(), reason: '老人优先' });
    await send('call', { ticketId: otherTicket.data.id, reason: '老人优先' });
    await send('return', { ticketId: randomUUID() });
    await send('return', { ticketId: ctx.ticketId });
    // Transfer needs a ticket at the counter.
    const called = await request(server.url, `/api/v1/counters/${c1}/call-next`, { method: 'POST', cookie: ctx.cookie });
    expect(called.status).toBe(200);
    await send('transfer', { serviceId: randomUUID() });
    await send('transfer', { serviceId: must(other.serviceIds.A) });
    await send('transfer', { counterId: randomUUID() });
    await send('transfer', { counterId: must(other.counterIds[1]) });
  });
});

// ---------------------------------------------------------------------------
// Authentication and authorisation.

describe.each(authRoutes.map((r) => [label(r), r] as const))('%s: authentication', (_, r) => {
  it('without a session → 401 UNAUTHENTICATED', async () => {
    const ctx = await setup();
    await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { cookie: undefined }), 401, 'UNAUTHENTICATED');
    await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { cookie: 'other=1; theme=dark' }), 401, 'UNAUTHENTICATED');
  });

  it('with a forged or garbage session cookie → 401 UNAUTHENTICATED', async () => {
    const ctx = await setup();
    const forged = [
      'hb_session=garbage',
      `hb_session=${randomBytes(32).toString('base64url')}`,
      'hb_session=',
      'hb_session=%E0%A4%A',
      'hb_session=a%00b',
      `hb_session=${'a'.repeat(5000)}`,
      `hb_session=${ctx.cookie.split('=')[1] ?? ''}x`,
      "hb_session=' or '1'='1",
      `hb_session=${encodeURIComponent('"; drop table sessions; --')}`,
    ];
    for (const cookie of forged) {
      await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { cookie }), 401, 'UNAUTHENTICATED');
    }
  });

  it('after logout → 401 UNAUTHENTICATED', async () => {
    const ctx = await setup();
    const out = await request(server.url, '/api/v1/auth/logout', { method: 'POST', cookie: ctx.cookie });
    expect(out.status).toBe(200);
    await expectRefused(pathOf(r, ctx), validRequest(r, ctx), 401, 'UNAUTHENTICATED');
  });
});

describe('authorisation', () => {
  it.each(counterCommandRoutes.map((r) => [label(r), r] as const))(
    '%s: staff of counter 1 acting on counter 2 → 403 FORBIDDEN',
    async (_, r) => {
      const ctx = await setup();
      await expectRefused(pathOf(r, ctx, { counterId: counterOf(ctx, 2) }), validRequest(r, ctx), 403, 'FORBIDDEN');
    },
  );

  it.each(counterRoutes.map((r) => [label(r), r] as const))(
    '%s: staff of hall X on a counter of hall Y → 403 FORBIDDEN',
    async (_, r) => {
      const ctx = await setup();
      const other = await createHallFixture(handle.db);
      for (const n of [1, 2]) {
        await expectRefused(pathOf(r, ctx, { counterId: must(other.counterIds[n]) }), validRequest(r, ctx), 403, 'FORBIDDEN');
      }
    },
  );

  it('a leader may not run counter commands → 403 FORBIDDEN', async () => {
    const ctx = await setup();
    const cookie = await login(server.url, ctx.hall.leader.username, fixturePassword);
    for (const r of counterCommandRoutes) {
      await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { cookie }), 403, 'FORBIDDEN');
    }
  });

  it('a wrong password → 401 with the same message as an unknown user, and no session', async () => {
    const ctx = await setup();
    const attempt = (username: string, password: string) =>
      expectRefused('/api/v1/auth/login', { method: 'POST', json: { username, password } }, 401, 'UNAUTHENTICATED');
    const wrong = await attempt(ctx.hall.usernameOf(1), 'not-the-password');
    const unknown = await attempt(`nobody-${randomBytes(4).toString('hex')}`, 'not-the-password');
    const unknownRight = await attempt(`nobody-${randomBytes(4).toString('hex')}`, fixturePassword);
    const caseChanged = await attempt(ctx.hall.usernameOf(1).toUpperCase(), fixturePassword);
    expect(wrong.text).toBe(unknown.text);
    expect(unknownRight.text).toBe(unknown.text);
    expect(caseChanged.text).toBe(unknown.text);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });
});

describe.each(apiRoutes.filter((r) => r.idempotent).map((r) => [label(r), r] as const))('%s: Idempotency-Key', (_, r) => {
  it('a too long or malformed key → 400 VALIDATION', async () => {
    const ctx = await setup();
    for (const key of ['k'.repeat(129), 'k'.repeat(10_000), '', 'has space', 'tab\there']) {
      const reply = await expectRefused(pathOf(r, ctx), validRequest(r, ctx, { headers: { 'idempotency-key': key } }), 400, 'VALIDATION');
      expect(str(reply.json, 'error', 'message')).toMatch(/Idempotency-Key/);
    }
  });
});

describe('metrics after all of the above', () => {
  it('label requests by route template only, never by the raw path', async () => {
    const text = (await request(server.url, '/metrics')).text;
    const routes = new Set([...text.matchAll(/hallboard_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/g)].map((m) => m[1]));
    const known = new Set([...apiRoutes.map((r) => r.path), 'unmatched']);
    expect(routes.size).toBeGreaterThan(5);
    for (const route of routes) expect(known.has(must(route)), `route label ${route}`).toBe(true);
  });
});
