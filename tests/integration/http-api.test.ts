// Drivers: postgres. Why: the HTTP contract's shapes and statuses do not depend on the driver; the services beneath are tested on both.
/**
 * The happy paths of HTTP API v1 (DESIGN.md, "HTTP API v1 (contract)") over a real
 * socket: citizens take and follow a number, staff work a counter with a session
 * cookie, and the operational endpoints answer.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { halls, sessions, tickets } from '../../db/schema';
import * as api from '../../server/contracts/api';
import { apiRoutes } from '../../server/http/api-routes';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { type HttpReply, type RequestOptions, dbSnapshot, field, must, request, str } from '../support/http-client';
import { login } from '../support/server';

const { handle, server } = withHallServer();

function call(path: string, options: RequestOptions = {}): Promise<HttpReply> {
  return request(server.url, path, options);
}

/** The reply's JSON when it has the expected status; the body is shown when it has not. */
function expectStatus(reply: HttpReply, status: number): unknown {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  return reply.json;
}

function expectError(reply: HttpReply, status: number, code: string) {
  expect(expectStatus(reply, status)).toEqual({ error: { code, message: expect.any(String) as unknown } });
}

const serviceOf = (hall: HallFixture, prefix: string) => must(hall.serviceIds[prefix], `service ${prefix}`);
const counterOf = (hall: HallFixture, n: number) => must(hall.counterIds[n], `counter ${n}`);

async function takeNumber(hall: HallFixture, body: Record<string, unknown> = {}) {
  const reply = await call(`/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    json: { serviceId: serviceOf(hall, 'A'), ...body },
  });
  return api.issueTicketResponse.parse(expectStatus(reply, 201)).ticket;
}

async function citizenView(token: string) {
  return api.ticketViewResponse.parse(expectStatus(await call(`/api/v1/tickets/${token}`), 200)).ticket;
}

/** Staff of counter `n`, signed in, with helpers for their counter's commands. */
async function staffAt(hall: HallFixture, n = 1) {
  const cookie = await login(server.url, hall.usernameOf(n), fixturePassword);
  const counterId = counterOf(hall, n);
  const post = (action: string, json?: unknown, headers?: Record<string, string>) =>
    call(`/api/v1/counters/${counterId}/${action}`, { method: 'POST', cookie, json, headers });
  return {
    cookie,
    counterId,
    post,
    /** A ticket command that must succeed: the ticket it answers with. */
    ticket: async (action: string, json?: unknown) => api.ticketResponse.parse(expectStatus(await post(action, json), 200)).ticket,
    /** A counter command that must succeed: the counter it answers with. */
    counter: async (action: string, json?: unknown) => api.counterResponse.parse(expectStatus(await post(action, json), 200)).counter,
    state: async () => api.counterState.parse(expectStatus(await call(`/api/v1/counters/${counterId}`, { cookie }), 200)),
  };
}

// ---------------------------------------------------------------------------

describe('halls', () => {
  it('GET /api/v1/halls lists every hall as { id, slug, name }', async () => {
    const hall = await createHallFixture(handle.db);
    const body = expectStatus(await call('/api/v1/halls'), 200);
    expect(Object.keys(body as object)).toEqual(['halls']);
    const { halls: list } = api.hallList.parse(body);
    for (const h of field(body, 'halls') as unknown[]) expect(Object.keys(h as object).sort()).toEqual(['id', 'name', 'slug']);
    expect(list).toContainEqual({ id: hall.hallId, slug: hall.slug, name: expect.stringContaining('测试大厅') as unknown });
  });

  it('GET /api/v1/halls/{hall} by slug and by id: services with waiting, ETA, guide; counters', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    await takeNumber(hall);
    const bySlug = expectStatus(await call(`/api/v1/halls/${hall.slug}`), 200);
    const byId = expectStatus(await call(`/api/v1/halls/${hall.hallId}`), 200);
    expect(byId).toEqual(bySlug);
    const detail = api.hallDetail.parse(bySlug);
    expect(detail).toMatchObject({ id: hall.hallId, slug: hall.slug });
    expect(detail.services.map((s) => s.prefix)).toEqual(['A', 'B']);
    for (const s of field(bySlug, 'services') as unknown[]) {
      for (const key of ['id', 'name', 'prefix', 'waiting', 'etaMinutes', 'instantApproval', 'guide']) {
        expect(s as object).toHaveProperty(key);
      }
    }
    const [a, b] = detail.services;
    expect(a).toMatchObject({ id: serviceOf(hall, 'A'), name: '事项A', waiting: 2, instantApproval: false });
    expect(b).toMatchObject({ id: serviceOf(hall, 'B'), waiting: 0 });
    for (const s of detail.services) expect(s.etaMinutes.low).toBeLessThanOrEqual(s.etaMinutes.high);
    expect(must(a).etaMinutes.high).toBeGreaterThan(0);
    expect(must(a).guide.materials).toEqual(['身份证原件']);
    expect(detail.counters.map((c) => [c.id, c.number, c.status, c.serving])).toEqual([
      [counterOf(hall, 1), 1, 'open', null],
      [counterOf(hall, 2), 2, 'open', null],
    ]);
    expect(must(detail.counters[0]).serviceIds.sort()).toEqual([serviceOf(hall, 'A'), serviceOf(hall, 'B')].sort());
  });

  it("GET /api/v1/halls/{hall}/snapshot describes the hall at its event seq", async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    await takeNumber(hall);
    const staff = await staffAt(hall);
    await staff.ticket('call-next');
    const snap = api.displaySnapshot.parse(expectStatus(await call(`/api/v1/halls/${hall.slug}/snapshot`), 200));
    const [row] = await handle.db.select({ seq: halls.eventSeq }).from(halls).where(eq(halls.id, hall.hallId));
    expect(snap.seq).toBe(must(row).seq);
    expect(snap.seq).toBeGreaterThan(0);
    expect(snap.hall).toEqual({ id: hall.hallId, slug: hall.slug, name: expect.any(String) as unknown });
    expect(snap.services.find((s) => s.prefix === 'A')?.waiting).toBe(1);
    expect(snap.counters.find((c) => c.number === 1)?.serving).toEqual({ number: 'A001' });
    expect(snap.recentCalls.map((c) => [c.number, c.counterNumber])).toEqual([['A001', 1]]);
  });
});

describe('tickets (citizens)', () => {
  it('POST /api/v1/halls/{hall}/tickets → 201 with the issued ticket, and the database records it', async () => {
    const hall = await createHallFixture(handle.db);
    const before = await dbSnapshot(handle.db);
    const reply = await call(`/api/v1/halls/${hall.slug}/tickets`, {
      method: 'POST',
      json: { serviceId: serviceOf(hall, 'A'), channel: 'phone', phone: '13812341234' },
    });
    const body = expectStatus(reply, 201);
    expect(Object.keys(body as object)).toEqual(['ticket']);
    expect(Object.keys(field(body, 'ticket') as object).sort()).toEqual(
      ['etaMinutes', 'id', 'number', 'position', 'serviceId', 'status', 'token', 'url'].sort(),
    );
    const { ticket } = api.issueTicketResponse.parse(body);
    expect(ticket).toMatchObject({ number: 'A001', serviceId: serviceOf(hall, 'A'), status: 'waiting', position: 1 });
    expect(ticket.url).toBe(`/t/${ticket.token}`);
    expect(ticket.token.length).toBeGreaterThanOrEqual(22);
    expect(reply.text).not.toContain('13812341234');
    // The snapshot the refusal tests rely on does see an accepted command.
    const after = await dbSnapshot(handle.db);
    expect(after.tickets).toBe(before.tickets + 1);
    expect(after.events).toBe(before.events + 2);
    expect(after.dailyCounters).toBe(before.dailyCounters + 1);
    expect(after.eventSeq).toBe(before.eventSeq + 2);

    const second = await takeNumber(hall);
    expect(second).toMatchObject({ number: 'A002', position: 2 });
    expect(second.etaMinutes.high).toBeGreaterThanOrEqual(ticket.etaMinutes.high);
    const other = await takeNumber(hall, { serviceId: serviceOf(hall, 'B') });
    expect(other).toMatchObject({ number: 'B001', position: 1 });
    const byId = await call(`/api/v1/halls/${hall.hallId}/tickets`, { method: 'POST', json: { serviceId: serviceOf(hall, 'A') } });
    expect(api.issueTicketResponse.parse(expectStatus(byId, 201)).ticket.number).toBe('A003');
  });

  it("GET /api/v1/tickets/{token} is the citizen's view, with the phone masked", async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    const mine = await takeNumber(hall, { phone: '13912345678' });
    const reply = await call(`/api/v1/tickets/${mine.token}`);
    const view = api.ticketViewResponse.parse(expectStatus(reply, 200)).ticket;
    expect(view).toMatchObject({
      number: 'A002',
      status: 'waiting',
      position: 2,
      counterNumber: null,
      serviceId: serviceOf(hall, 'A'),
      serviceName: '事项A',
      hall: { id: hall.hallId, slug: hall.slug },
      phoneMasked: '139****5678',
      rated: false,
      calledAt: null,
    });
    expect(must(view.etaMinutes).low).toBeLessThanOrEqual(must(view.etaMinutes).high);
    expect(reply.text).not.toContain('13912345678');
  });

  it('POST /api/v1/tickets/{token}/cancel cancels a waiting ticket, once', async () => {
    const hall = await createHallFixture(handle.db);
    const first = await takeNumber(hall);
    const second = await takeNumber(hall);
    const reply = await call(`/api/v1/tickets/${first.token}/cancel`, { method: 'POST' });
    const view = api.ticketViewResponse.parse(expectStatus(reply, 200)).ticket;
    expect(view).toMatchObject({ number: 'A001', status: 'cancelled', position: null });
    expect(await citizenView(second.token)).toMatchObject({ position: 1 });
    const again = await call(`/api/v1/tickets/${first.token}/cancel`, { method: 'POST', json: {} });
    expectError(again, 409, 'CONFLICT');
    // The cancelled number is not called.
    const staff = await staffAt(hall);
    expect(await staff.ticket('call-next')).toMatchObject({ number: 'A002' });
  });
});

describe('staff sign-in', () => {
  it('login sets an HttpOnly, SameSite session cookie and answers with the staff member; GET /api/v1/me', async () => {
    const hall = await createHallFixture(handle.db);
    const reply = await call('/api/v1/auth/login', {
      method: 'POST',
      json: { username: hall.usernameOf(1), password: fixturePassword },
    });
    const { me } = api.meResponse.parse(expectStatus(reply, 200));
    expect(me).toEqual({
      id: hall.staffOf(1).id,
      username: hall.usernameOf(1),
      displayName: '窗口1',
      role: 'staff',
      hall: { id: hall.hallId, slug: hall.slug, name: expect.any(String) as unknown },
      counterId: counterOf(hall, 1),
    });
    expect(reply.text).not.toMatch(/password/i);
    const setCookie = must(reply.headers.get('set-cookie'), 'set-cookie');
    const [pair, ...attributes] = setCookie.split(';').map((p) => p.trim());
    expect(pair).toMatch(/^hb_session=[A-Za-z0-9_-]{40,}$/);
    expect(attributes).toContainEqual(expect.stringMatching(/^HttpOnly$/i));
    expect(attributes).toContainEqual(expect.stringMatching(/^SameSite=(Lax|Strict)$/i));
    expect(attributes).toContain('Path=/');
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(3600);
    // The cookie holds an opaque id of a server-side session row.
    const sessionId = must(pair).slice('hb_session='.length);
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(must(row, 'session row')).toMatchObject({ staffId: hall.staffOf(1).id, revokedAt: null });

    const cookie = must(pair);
    const meReply = await call('/api/v1/me', { cookie });
    expect(api.meResponse.parse(expectStatus(meReply, 200)).me).toEqual(me);
    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);
    const leader = api.meResponse.parse(expectStatus(await call('/api/v1/me', { cookie: leaderCookie }), 200)).me;
    expect(leader).toMatchObject({ role: 'leader', counterId: null, hall: { id: hall.hallId } });
  });

  it('logout ends the session on the server: the old cookie is refused afterwards', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    const staff = await staffAt(hall);
    expectStatus(await call('/api/v1/me', { cookie: staff.cookie }), 200);
    const out = await call('/api/v1/auth/logout', { method: 'POST', cookie: staff.cookie });
    expect(expectStatus(out, 200)).toEqual({ ok: true });
    expect(out.headers.get('set-cookie') ?? '').toMatch(/^hb_session=;.*Max-Age=0/);
    const sessionId = staff.cookie.slice('hb_session='.length);
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(must(row, 'session row').revokedAt).not.toBeNull();
    // Reusing the old cookie, as a copied or stolen one would be.
    expectError(await call('/api/v1/me', { cookie: staff.cookie }), 401, 'UNAUTHENTICATED');
    expectError(await staff.post('call-next'), 401, 'UNAUTHENTICATED');
    expectError(await call(`/api/v1/counters/${staff.counterId}`, { cookie: staff.cookie }), 401, 'UNAUTHENTICATED');
    const [waiting] = await handle.db.select().from(tickets).where(eq(tickets.hallId, hall.hallId));
    expect(must(waiting).status).toBe('waiting');
    // Signing in again works and gives a new session.
    const again = await login(server.url, hall.usernameOf(1), fixturePassword);
    expect(again).not.toBe(staff.cookie);
    expectStatus(await call('/api/v1/me', { cookie: again }), 200);
  });
});

describe('a counter worked over HTTP', () => {
  it('call-next, recall, start, complete with an outcome; then the citizen rates once', async () => {
    const hall = await createHallFixture(handle.db);
    const citizen = await takeNumber(hall, { phone: '13812341234' });
    const staff = await staffAt(hall);

    const called = must(await staff.ticket('call-next'), 'called ticket');
    expect(called).toMatchObject({ number: 'A001', status: 'called', counterId: staff.counterId, recallCount: 0, phoneMasked: '138****1234' });
    expect(await citizenView(citizen.token)).toMatchObject({ status: 'called', counterNumber: 1, counterName: '1号窗口', position: null });
    const state = await staff.state();
    expect(state.current).toMatchObject({ id: called.id, status: 'called' });
    expect(state.counter.serving).toEqual({ number: 'A001', status: 'called' });

    expect(await staff.ticket('recall')).toMatchObject({ id: called.id, status: 'called', recallCount: 1 });
    expect(await staff.ticket('recall', {})).toMatchObject({ recallCount: 2 });
    const started = must(await staff.ticket('start'));
    expect(started).toMatchObject({ id: called.id, status: 'serving' });
    expect(started.startedAt).not.toBeNull();
    expect(await citizenView(citizen.token)).toMatchObject({ status: 'serving', counterNumber: 1 });

    // Rating is refused until the visit was served.
    const early = await call(`/api/v1/tickets/${citizen.token}/rating`, { method: 'POST', json: { level: 'satisfied' } });
    expectError(early, 409, 'CONFLICT');

    expect(await staff.ticket('complete', { outcome: 'accepted', note: '材料齐全，已受理' })).toMatchObject({ id: called.id, status: 'completed' });
    const [row] = await handle.db.select().from(tickets).where(eq(tickets.id, called.id));
    expect(must(row)).toMatchObject({ status: 'completed', outcome: 'accepted', note: '材料齐全，已受理' });
    expect(must(row).finishedAt).not.toBeNull();
    expect(await citizenView(citizen.token)).toMatchObject({ status: 'completed', counterNumber: null, rated: false });
    expect((await staff.state()).current).toBeNull();

    const rating = await call(`/api/v1/tickets/${citizen.token}/rating`, {
      method: 'POST',
      json: { level: 'very_satisfied', efficiency: 5, serviceLevel: 5, attitude: 4, comment: '办事很快' },
    });
    const rated = api.ratingResponse.parse(expectStatus(rating, 201));
    expect(rated.rating.level).toBe('very_satisfied');
    expect(Number.isNaN(Date.parse(rated.rating.at))).toBe(false);
    expect(await citizenView(citizen.token)).toMatchObject({ rated: true });
    const twice = await call(`/api/v1/tickets/${citizen.token}/rating`, { method: 'POST', json: { level: 'dissatisfied' } });
    expectError(twice, 409, 'CONFLICT');

    // A completion without a body defaults the outcome.
    await takeNumber(hall);
    await staff.ticket('call-next');
    await staff.ticket('start');
    const plain = must(await staff.ticket('complete'));
    const [plainRow] = await handle.db.select().from(tickets).where(eq(tickets.id, plain.id));
    expect(must(plainRow).outcome).toBe('handled');
  });

  it('no-show, transfer (the citizen link follows), park and return', async () => {
    const hall = await createHallFixture(handle.db);
    const first = await takeNumber(hall);
    const second = await takeNumber(hall);
    const third = await takeNumber(hall);
    const staff = await staffAt(hall);

    expect(await staff.ticket('call-next')).toMatchObject({ number: 'A001' });
    expect(await staff.ticket('no-show')).toMatchObject({ number: 'A001', status: 'no_show' });
    expect(await citizenView(first.token)).toMatchObject({ status: 'no_show' });

    expect(await staff.ticket('call-next')).toMatchObject({ number: 'A002' });
    const transferred = await staff.ticket('transfer', { serviceId: serviceOf(hall, 'B'), note: '需补充材料' });
    expect(transferred).toMatchObject({ number: 'A002', status: 'transferred' });
    expect(await citizenView(second.token)).toMatchObject({
      number: 'A002',
      status: 'waiting',
      serviceId: serviceOf(hall, 'B'),
      position: 1,
    });

    // The transferred ticket keeps its place: counter 1 serves B too, and A002 queued before A003.
    const again = must(await staff.ticket('call-next'));
    expect(again).toMatchObject({ number: 'A002', serviceId: serviceOf(hall, 'B'), transferred: true, status: 'called' });
    await staff.ticket('start');
    expect(await staff.ticket('park')).toMatchObject({ id: again.id, status: 'parked' });
    let state = await staff.state();
    expect(state.current).toBeNull();
    expect(state.parked.map((t) => [t.id, t.status])).toEqual([[again.id, 'parked']]);
    expect(await citizenView(second.token)).toMatchObject({ status: 'parked', counterNumber: 1 });

    // The counter is free for the next citizen while A002 is parked.
    expect(await staff.ticket('call-next')).toMatchObject({ number: 'A003' });
    await staff.ticket('start');
    await staff.ticket('complete', { outcome: 'handled' });
    expect(await citizenView(third.token)).toMatchObject({ status: 'completed' });

    expect(await staff.ticket('return', { ticketId: again.id })).toMatchObject({ id: again.id, status: 'called' });
    state = await staff.state();
    expect(state.parked).toEqual([]);
    expect(state.current).toMatchObject({ id: again.id });
    await staff.ticket('start');
    await staff.ticket('complete', { outcome: 'redirected' });
    expect(await citizenView(second.token)).toMatchObject({ status: 'completed', number: 'A002' });

    // Transfer to a counter: only that counter may call it.
    await takeNumber(hall);
    expect(await staff.ticket('call-next')).toMatchObject({ number: 'A004' });
    expect(await staff.ticket('transfer', { counterId: counterOf(hall, 2) })).toMatchObject({ status: 'transferred' });
    expect(await staff.ticket('call-next')).toBeNull();
    const other = await staffAt(hall, 2);
    expect(await other.ticket('call-next')).toMatchObject({ number: 'A004', counterId: other.counterId });
  });

  it('call a chosen ticket out of turn, with a reason', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    const later = await takeNumber(hall);
    const staff = await staffAt(hall);
    const queue = (await staff.state()).queue;
    expect(queue.map((q) => q.number)).toEqual(['A001', 'A002']);
    expect(await staff.ticket('call', { ticketId: later.id, reason: '老人优先办理' })).toMatchObject({ id: later.id, number: 'A002', status: 'called' });
  });

  it('pause with a reason, resume, close and open; call-next is refused while paused', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    const staff = await staffAt(hall);
    expect(await staff.counter('pause', { reason: '午休' })).toMatchObject({ id: staff.counterId, status: 'paused', pauseReason: '午休' });
    expectError(await staff.post('call-next'), 409, 'CONFLICT');
    const detail = api.hallDetail.parse(expectStatus(await call(`/api/v1/halls/${hall.slug}`), 200));
    expect(detail.counters.find((c) => c.number === 1)).toMatchObject({ status: 'paused', pauseReason: '午休' });
    expect(await staff.counter('resume')).toMatchObject({ status: 'open', pauseReason: null });
    expect(await staff.counter('close', {})).toMatchObject({ status: 'closed' });
    expectError(await staff.post('call-next'), 409, 'CONFLICT');
    expectError(await staff.post('resume'), 409, 'CONFLICT');
    expect(await staff.counter('open')).toMatchObject({ status: 'open', pauseReason: null });
    expect(await staff.ticket('call-next')).toMatchObject({ number: 'A001' });
    // A counter with a ticket in hand cannot close.
    expectError(await staff.post('close'), 409, 'CONFLICT');
  });

  it('call-next with nobody waiting → 200 { ticket: null }, and nothing changes', async () => {
    const hall = await createHallFixture(handle.db);
    const staff = await staffAt(hall);
    const before = await dbSnapshot(handle.db);
    const reply = await staff.post('call-next');
    expect(expectStatus(reply, 200)).toEqual({ ticket: null });
    const after = await dbSnapshot(handle.db);
    expect(after.tickets).toBe(before.tickets);
    expect(after.ticketVersions).toBe(before.ticketVersions);
  });

  it('staff may look at the other counters of their hall', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    const staff = await staffAt(hall);
    const reply = await call(`/api/v1/counters/${counterOf(hall, 2)}`, { cookie: staff.cookie });
    const state = api.counterState.parse(expectStatus(reply, 200));
    expect(state.counter).toMatchObject({ id: counterOf(hall, 2), number: 2 });
    expect(state.queue.map((q) => q.number)).toEqual(['A001']);
    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);
    expectStatus(await call(`/api/v1/counters/${counterOf(hall, 1)}`, { cookie: leaderCookie }), 200);
  });

  it('the same Idempotency-Key on call-next twice → the same body both times, one ticket called', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    await takeNumber(hall);
    const staff = await staffAt(hall);
    const key = 'call-next-7f3a9c';
    const first = await staff.post('call-next', undefined, { 'idempotency-key': key });
    expectStatus(first, 200);
    const afterFirst = await dbSnapshot(handle.db);
    const second = await staff.post('call-next', undefined, { 'idempotency-key': key });
    expectStatus(second, 200);
    expect(second.text).toBe(first.text);
    expect(await dbSnapshot(handle.db)).toEqual(afterFirst);
    const rows = await handle.db.select().from(tickets).where(eq(tickets.hallId, hall.hallId));
    expect(rows.filter((t) => t.status === 'called').map((t) => t.number)).toEqual(['A001']);
    expect(rows.filter((t) => t.status === 'waiting').map((t) => t.number)).toEqual(['A002']);
    // The key is the staff member's: the same key with another command is refused, not replayed.
    expectError(await staff.post('recall', undefined, { 'idempotency-key': key }), 409, 'CONFLICT');
    const called = await handle.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.hallId), eq(tickets.status, 'called')));
    expect(called.map((t) => t.recallCount)).toEqual([0]);
  });
});

describe('operations', () => {
  it('/healthz and /readyz answer 200', async () => {
    expect(expectStatus(await call('/healthz'), 200)).toEqual({ status: 'ok' });
    expect(expectStatus(await call('/readyz'), 200)).toEqual({ status: 'ready' });
  });

  it('/metrics is Prometheus text with request durations and event counts', async () => {
    const hall = await createHallFixture(handle.db);
    await takeNumber(hall);
    const reply = await call('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type') ?? '').toMatch(/^text\/plain/);
    expect(reply.text).toContain('# TYPE hallboard_http_request_duration_seconds histogram');
    expect(reply.text).toContain('# TYPE hallboard_events_total counter');
    expect(reply.text).toMatch(
      /^hallboard_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/halls\/\{hall\}\/tickets",status="201"\} \d+$/m,
    );
    expect(reply.text).toMatch(/^hallboard_events_total\{type="ticket\.issued"\} \d+$/m);
    expect(reply.text).toMatch(/^hallboard_events_total\{type="queue\.changed"\} \d+$/m);
  });

  it('/api/v1/openapi.json is an OpenAPI 3 document of every route, generated from the schemas', async () => {
    const reply = await call('/api/v1/openapi.json');
    const doc = expectStatus(reply, 200);
    expect(str(doc, 'openapi')).toMatch(/^3\.\d+\.\d+$/);
    expect(str(doc, 'info', 'title').length).toBeGreaterThan(0);
    const paths = field(doc, 'paths') as Record<string, Record<string, unknown>>;
    const operations = Object.values(paths).flatMap((p) => Object.keys(p));
    expect(operations.length).toBe(apiRoutes.length);
    const operationIds = new Set<string>();
    for (const r of apiRoutes) {
      const where = `${r.method} ${r.path}`;
      const op = must(paths[r.path]?.[r.method.toLowerCase()], where);
      operationIds.add(str(op, 'operationId'));
      expect(str(op, 'summary').length, where).toBeGreaterThan(0);
      expect(field(op, 'responses', String(r.status ?? 200), 'content', r.produces ?? 'application/json', 'schema'), where).toBeTypeOf('object');
      expect(field(op, 'responses', '400'), where).toBeTypeOf('object');
      const parameters = (field(op, 'parameters') ?? []) as Array<{ name: string; in: string; required: boolean }>;
      for (const [, name] of r.path.matchAll(/\{(\w+)\}/g)) {
        expect(parameters, where).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
      }
      if (r.body) {
        const schema = field(op, 'requestBody', 'content', 'application/json', 'schema');
        expect(schema, where).toMatchObject({ type: 'object' });
      } else {
        expect(field(op, 'requestBody'), where).toBeUndefined();
      }
      if (r.method === 'POST') expect(r.body, `${where} has a body schema`).toBeDefined();
      if (r.auth) {
        expect(field(op, 'security'), where).toEqual([{ session: [] }]);
        expect(field(op, 'responses', '401'), where).toBeTypeOf('object');
        expect(field(op, 'responses', '403'), where).toBeTypeOf('object');
      }
      if (r.idempotent) expect(parameters, where).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    }
    expect(operationIds.size).toBe(apiRoutes.length);
    // Request schemas describe the same rules that validate: a strict body and its required fields.
    const issue = field(paths['/api/v1/halls/{hall}/tickets'], 'post', 'requestBody', 'content', 'application/json', 'schema');
    expect(issue).toMatchObject({ type: 'object', required: ['serviceId'], additionalProperties: false });
    expect(field(issue, 'properties', 'phone', 'pattern')).toBeTypeOf('string');
  });
});
