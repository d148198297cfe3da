// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { refusals } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import { openTestDb, type TestDriver } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { dbSnapshot, field, request, str } from '../support/http-client';
import { errorCode, eventsOf, present, ticketById, unwrap } from '../support/results';
import { login, startTestServer } from '../support/server';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';
const body = { reason: '申请人非产权人且无委托书', legalBasis: '《不动产登记暂行条例》第十四条', notice: ['经公证的授权委托书', '代理人身份证原件'] };

const drivers: TestDriver[] = ['postgres', 'pglite'];

describe.each(drivers)('否定报备 refusal requests on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function setup() {
    const clock: FakeClock = createFakeClock(start);
    const services: Services = createServices({ db: handle.db, clock });
    const hall: HallFixture = await createHallFixture(handle.db);
    const counterId = present(hall.counterIds[1]);
    const clerk = hall.staffOf(1);
    /** A ticket called and in service at counter 1. */
    const serve = async () => {
      const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
      unwrap(await services.counters.callNext(clerk, counterId));
      unwrap(await services.counters.start(clerk, counterId));
      return issued;
    };
    return { clock, services, hall, counterId, clerk, serve };
  }

  async function refusalRow(id: string) {
    const [row] = await handle.db.select().from(refusals).where(eq(refusals.id, id));
    return present(row, `refusal ${id}`);
  }

  it('parks the ticket, and an approval by another leader ends the visit with the one-time notice', async () => {
    const s = await setup();
    const issued = await s.serve();
    const requested = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body, 'k-req'));
    expect(requested.refusal.status).toBe('pending');
    expect((await ticketById(handle.db, issued.id)).status).toBe('parked');

    // While the leader decides, the counter cannot take the ticket back.
    expect(errorCode(await s.services.counters.returnParked(s.clerk, s.counterId, issued.id))).toBe('CONFLICT');
    expect(errorCode(await s.services.counters.noShow(s.clerk, s.counterId, undefined, { ticketId: issued.id }))).toBe('CONFLICT');

    s.clock.advance(3 * 60_000);
    const first = unwrap(await s.services.refusals.decide(s.hall.leader, requested.refusal.id, { approve: true, comment: '同意' }, 'k-dec'));
    expect(first.refusal.status).toBe('approved');
    const eventCount = (await eventsOf(handle.db, s.hall.hallId)).length;
    // The same key again: the stored answer, nothing done twice.
    const replay = unwrap(await s.services.refusals.decide(s.hall.leader, requested.refusal.id, { approve: true, comment: '同意' }, 'k-dec'));
    expect(replay).toEqual(first);
    expect((await eventsOf(handle.db, s.hall.hallId)).length).toBe(eventCount);
    // Without the key, a second decision is refused: it was decided once.
    expect(errorCode(await s.services.refusals.decide(s.hall.secondLeader, requested.refusal.id, { approve: false }))).toBe('CONFLICT');

    const ticket = await ticketById(handle.db, issued.id);
    expect(ticket.status).toBe('completed');
    expect(ticket.outcome).toBe('refused');
    const view = unwrap(await s.services.tickets.view(issued.token));
    expect(view.notice).toEqual({ reason: body.reason, legalBasis: body.legalBasis, items: body.notice, decidedAt: s.clock.now().toISOString() });

    const types = (await eventsOf(handle.db, s.hall.hallId)).map((e) => e.type);
    expect(types.slice(-4)).toEqual(['ticket.parked', 'refusal.requested', 'ticket.completed', 'refusal.approved']);
    const events = await eventsOf(handle.db, s.hall.hallId);
    const approved = present(events.find((e) => e.type === 'refusal.approved'));
    expect(approved.actor).toBe(`staff:${s.hall.leader.id}`);
    // Texts stay off the event stream (it reaches every screen of the hall).
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(body.reason);
  });

  it('a denial returns the ticket to the counter, to be called back and served', async () => {
    const s = await setup();
    const issued = await s.serve();
    const requested = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));
    const denied = unwrap(await s.services.refusals.decide(s.hall.leader, requested.refusal.id, { approve: false, comment: '材料可容缺，请继续受理' }));
    expect(denied.refusal.status).toBe('denied');
    expect((await ticketById(handle.db, issued.id)).status).toBe('parked');
    const state = unwrap(await s.services.counters.state(s.clerk, s.counterId));
    expect(state.parked.map((p) => p.id)).toEqual([issued.id]);
    unwrap(await s.services.counters.returnParked(s.clerk, s.counterId, issued.id));
    unwrap(await s.services.counters.start(s.clerk, s.counterId));
    unwrap(await s.services.counters.complete(s.clerk, s.counterId, { outcome: 'accepted' }));
    const ticket = await ticketById(handle.db, issued.id);
    expect(ticket.outcome).toBe('accepted');
    expect(unwrap(await s.services.tickets.view(issued.token)).notice).toBeNull();
    expect((await eventsOf(handle.db, s.hall.hallId)).some((e) => e.type === 'refusal.denied')).toBe(true);
  });

  it('the requester, other staff, an admin and another hall\'s leader cannot decide; nothing changes', async () => {
    const s = await setup();
    await s.serve();
    const requested = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));
    const other = await createHallFixture(handle.db);
    const before = await dbSnapshot(handle.db);
    for (const actor of [s.clerk, s.hall.staffOf(2), s.hall.admin, other.leader]) {
      expect(errorCode(await s.services.refusals.decide(actor, requested.refusal.id, { approve: true }, `k-${actor.id}`))).toBe('FORBIDDEN');
    }
    // A leader who asked for the refusal himself (say, standing in at a counter) may not approve it.
    await handle.db.update(refusals).set({ requestedBy: s.hall.leader.id }).where(eq(refusals.id, requested.refusal.id));
    expect(errorCode(await s.services.refusals.decide(s.hall.leader, requested.refusal.id, { approve: true }))).toBe('FORBIDDEN');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    expect((await refusalRow(requested.refusal.id)).status).toBe('pending');
  });

  it('only the counter\'s own staff may ask, and only for its current ticket', async () => {
    const s = await setup();
    expect(errorCode(await s.services.refusals.request(s.clerk, s.counterId, body))).toBe('CONFLICT');
    await s.serve();
    expect(errorCode(await s.services.refusals.request(s.hall.staffOf(2), s.counterId, body))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.refusals.request(s.hall.leader, s.counterId, body))).toBe('FORBIDDEN');
  });

  it('over HTTP: 201 pending, 403 for staff, the decision, the notice on the citizen\'s view', async () => {
    const s = await setup();
    const server = await startTestServer(handle.db, s.clock);
    try {
      const issued = await s.serve();
      const clerk = await login(server.url, s.hall.usernameOf(1), fixturePassword);
      const leader = await login(server.url, s.hall.leader.username, fixturePassword);
      const created = await request(server.url, `/api/v1/counters/${s.counterId}/refusals`, {
        method: 'POST',
        cookie: clerk,
        headers: { 'idempotency-key': 'http-req' },
        json: { ...body, notice: body.notice.join('\n') },
      });
      expect(created.status).toBe(201);
      // The OpenAPI document says the same status the route answers with.
      const doc = await request(server.url, '/api/v1/openapi.json');
      expect(Object.keys(field(doc.json, 'paths', '/api/v1/counters/{counterId}/refusals', 'post', 'responses') as object)).toContain('201');
      expect(field(created.json, 'refusal', 'status')).toBe('pending');
      const id = str(created.json, 'refusal', 'id');

      // Completing with the outcome 'refused' directly is not possible: only an approval sets it.
      const sneaky = await request(server.url, `/api/v1/counters/${s.counterId}/complete`, { method: 'POST', cookie: clerk, json: { outcome: 'refused' } });
      expect(sneaky.status).toBe(400);

      const before = await dbSnapshot(handle.db);
      const forbidden = await request(server.url, `/api/v1/refusals/${id}/decision`, { method: 'POST', cookie: clerk, json: { approve: true } });
      expect(forbidden.status).toBe(403);
      expect(field(forbidden.json, 'error', 'code')).toBe('FORBIDDEN');
      expect(await dbSnapshot(handle.db)).toEqual(before);

      const decided = await request(server.url, `/api/v1/refusals/${id}/decision`, {
        method: 'POST',
        cookie: leader,
        headers: { 'idempotency-key': 'http-dec' },
        json: { approve: true, comment: '同意' },
      });
      expect(decided.status).toBe(200);
      expect(field(decided.json, 'refusal', 'status')).toBe('approved');
      const view = await request(server.url, `/api/v1/tickets/${issued.token}`);
      expect(field(view.json, 'ticket', 'status')).toBe('completed');
      expect(field(view.json, 'ticket', 'notice', 'items')).toEqual(body.notice);

      const board = await request(server.url, `/api/v1/halls/${s.hall.slug}/duty`, { cookie: leader });
      expect(board.status).toBe(200);
      expect(field(board.json, 'refusals')).toEqual([]);
      expect((await request(server.url, `/api/v1/halls/${s.hall.slug}/duty`, { cookie: clerk })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('the duty board lists a pending request with its ticket\'s history', async () => {
    const s = await setup();
    const issued = await s.serve();
    unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));
    const board = unwrap(await s.services.dutyBoard(s.hall.leader, s.hall.slug));
    expect(board.refusals).toHaveLength(1);
    const [pending] = board.refusals;
    expect(pending?.ticket.number).toBe(issued.number);
    expect(pending?.items).toEqual(body.notice);
    expect(pending?.ticket.history.map((h) => h.type)).toEqual(['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.parked', 'refusal.requested']);
  });
});
