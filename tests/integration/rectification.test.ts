// Drivers: each. Why: the file opens PostgreSQL and PGlite itself for the services (the HTTP part runs once).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { ratings, staff, workOrders } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { satisfactionSummary } from '../../server/services/metrics/satisfaction';
import type { RatingBody } from '../../server/contracts/api';
import { type TestDriver, openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { dbSnapshot, field, request, str } from '../support/http-client';
import { type TestServer, login, startTestServer } from '../support/server';
import { errorCode, eventsOf, present, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const drivers: TestDriver[] = ['postgres', 'pglite'];
const durations = { verifyHours: 4, rectifyDays: 3, answerDays: 1, reviewDays: 2, independentReview: true };

describe.each(drivers)('整改 work orders on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function setup() {
    const clock = createFakeClock(start);
    const services = createServices({ db: handle.db, clock });
    const hall = await createHallFixture(handle.db, { settings: { rectification: durations } });
    return { clock, services, hall };
  }
  type World = Awaited<ReturnType<typeof setup>>;

  /** A visit served at counter 1 and rated. */
  async function servedAndRated(w: World, rating: RatingBody) {
    const issued = unwrap(await w.services.tickets.issue(w.hall.slug, { serviceId: present(w.hall.serviceIds.A), channel: 'phone' }));
    const clerk = w.hall.staffOf(1);
    const counterId = present(w.hall.counterIds[1]);
    unwrap(await w.services.counters.callNext(clerk, counterId));
    unwrap(await w.services.counters.start(clerk, counterId));
    unwrap(await w.services.counters.complete(clerk, counterId, {}));
    unwrap(await w.services.tickets.rate(issued.token, rating));
    return issued;
  }

  async function inspector(w: World) {
    const id = randomUUID();
    const username = `insp-${id.slice(0, 8)}`;
    await handle.db.insert(staff).values({ id, hallId: w.hall.hallId, username, displayName: '体验员', role: 'inspector', passwordHash: 'x' });
    return { id, username, displayName: '体验员', role: 'inspector' as const, hallId: w.hall.hallId, counterId: null };
  }

  it('a bad rating opens a work order that walks verify → rectify → answer → review with deadlines; the citizen reads the answer', async () => {
    const w = await setup();
    const good = await servedAndRated(w, { level: 'satisfied' });
    expect(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders).toEqual([]);
    const bad = await servedAndRated(w, { level: 'very_dissatisfied', attitude: 1, comment: '窗口人员态度冷淡' });

    let list = unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders;
    expect(list).toHaveLength(1);
    const order = present(list[0]);
    expect(order).toMatchObject({
      source: 'rating',
      step: 'verify',
      stepDeadline: new Date(Date.parse(start) + 4 * HOUR).toISOString(),
      overdue: false,
      summary: '窗口人员态度冷淡',
      counter: { number: 1 },
      clerk: { id: w.hall.staffOf(1).id },
      ticket: { number: bad.number },
      rating: { level: 'very_dissatisfied', attitude: 1, excluded: false },
    });
    expect(order.ticket?.id).not.toBe(good.id);

    // Past the verify deadline the order is overdue, in the list and in the overdue filter.
    w.clock.advance(5 * HOUR);
    list = unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug, 'overdue')).orders;
    expect(list.map((o) => [o.id, o.overdue])).toEqual([[order.id, true]]);

    // A stale screen cannot skip a step.
    expect(errorCode(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'rectify', note: '跳过' }))).toBe('CONFLICT');
    let view = unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'verify', note: '已调取录像核实' })).workOrder;
    expect(view).toMatchObject({ step: 'rectify', overdue: false, stepDeadline: new Date(w.clock.now().getTime() + 3 * DAY).toISOString() });
    expect(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug, 'overdue')).orders).toEqual([]);

    w.clock.advance(DAY);
    view = unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'rectify', note: '已约谈并培训' })).workOrder;
    expect(view.step).toBe('answer');
    expect(view.reviewExcludes).toBe(w.hall.leader.id);
    expect(unwrap(await w.services.tickets.view(bad.token)).ratingReply).toBeNull();

    const answer = '您好，经核实窗口人员服务态度确有不当，已约谈并组织培训，感谢您的监督。';
    view = unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'answer', note: '电话答复并短信告知', answer }, 'k-answer')).workOrder;
    expect(view).toMatchObject({ step: 'review', answer, stepDeadline: new Date(w.clock.now().getTime() + 2 * DAY).toISOString() });
    expect(unwrap(await w.services.tickets.view(bad.token)).ratingReply).toEqual({ answer, answeredAt: w.clock.now().toISOString() });
    // The well-rated visit has no work order to keep its link alive: it ended with its hall day.
    expect(await w.services.tickets.view(good.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'LINK_EXPIRED' } });
    // The same key again: the same answer, nothing done twice.
    expect(unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'answer', note: '电话答复并短信告知', answer }, 'k-answer')).workOrder.step).toBe('review');

    // The review is someone else's: the leader who rectified cannot sign it off.
    w.clock.advance(3 * DAY);
    expect(unwrap(await w.services.workOrders.detail(w.hall.leader, order.id)).workOrder.overdue).toBe(true);
    expect(errorCode(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'review', note: '复核通过' }))).toBe('FORBIDDEN');
    view = unwrap(await w.services.workOrders.advance(w.hall.secondLeader, order.id, { step: 'review', note: '复核通过' })).workOrder;
    expect(view).toMatchObject({ step: 'closed', stepDeadline: null, overdue: false, closedAs: 'reviewed', closedAt: w.clock.now().toISOString() });
    expect(view.history.map((h) => [h.step, h.by.id])).toEqual([
      ['verify', w.hall.leader.id],
      ['rectify', w.hall.leader.id],
      ['answer', w.hall.leader.id],
      ['review', w.hall.secondLeader.id],
    ]);
    expect(errorCode(await w.services.workOrders.advance(w.hall.admin, order.id, { step: 'review', note: '再次' }))).toBe('CONFLICT');
    expect(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders).toEqual([]);
    expect(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug, 'all')).orders.map((o) => o.id)).toEqual([order.id]);

    const types = (await eventsOf(handle.db, w.hall.hallId)).map((e) => e.type).filter((t) => t.startsWith('work_order.'));
    expect(types).toEqual(['work_order.opened', 'work_order.advanced', 'work_order.advanced', 'work_order.advanced', 'work_order.closed']);
  });

  it('the hall may let one leader do every step when it does not ask for an independent review', async () => {
    const w = await setup();
    await handle.db.execute(
      `update halls set settings = jsonb_set(settings, '{rectification,independentReview}', 'false') where id = '${w.hall.hallId}'`,
    );
    await servedAndRated(w, { level: 'dissatisfied' });
    const order = present(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders[0]);
    for (const step of ['verify', 'rectify', 'answer', 'review'] as const) {
      const body = step === 'answer' ? { step, note: '答复', answer: '已整改' } : { step, note: step };
      unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, body));
    }
    expect(unwrap(await w.services.workOrders.detail(w.hall.leader, order.id)).workOrder.step).toBe('closed');
  });

  it("an inspector's report with problems opens a work order; one without does not; the inspector reads the feedback", async () => {
    const w = await setup();
    const me = await inspector(w);
    const scores = { efficiency: 3, serviceLevel: 4, attitude: 2, environment: 4, guidance: 3 };
    const visitedAt = new Date(Date.parse(start) - HOUR).toISOString();
    const clean = unwrap(
      await w.services.inspections.file(me, w.hall.slug, { serviceId: present(w.hall.serviceIds.A), visitedAt, scores, problems: [], summary: '秩序良好' }),
    );
    expect(clean.report.workOrder).toBeNull();
    const filed = unwrap(
      await w.services.inspections.file(me, w.hall.slug, {
        serviceId: present(w.hall.serviceIds.B),
        counterId: present(w.hall.counterIds[2]),
        visitedAt,
        scores,
        problems: ['窗口人员离岗未放置暂停牌', '导办台无人值守'],
        summary: '下午 2 号窗口离岗约 15 分钟',
      }),
    );
    const order = present(unwrap(await w.services.workOrders.list(w.hall.admin, w.hall.slug)).orders[0]);
    expect(order).toMatchObject({
      source: 'inspection',
      step: 'verify',
      summary: '下午 2 号窗口离岗约 15 分钟',
      counter: { number: 2 },
      ticket: null,
      rating: null,
      report: { id: filed.report.id, inspector: { id: me.id }, problems: ['窗口人员离岗未放置暂停牌', '导办台无人值守'], scores },
    });
    unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'verify', note: '属实' }));
    unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'rectify', note: '已通报' }));
    unwrap(await w.services.workOrders.advance(w.hall.secondLeader, order.id, { step: 'answer', note: '反馈体验员', answer: '已整改，设置离岗提示牌' }));
    const mine = unwrap(await w.services.inspections.mine(me)).reports;
    expect(mine.map((r) => [r.id, r.workOrder?.step ?? null, r.workOrder?.answer ?? null])).toEqual([
      [filed.report.id, 'review', '已整改，设置离岗提示牌'],
      [clean.report.id, null, null],
    ]);
    const types = (await eventsOf(handle.db, w.hall.hallId)).map((e) => e.type);
    expect(types.filter((t) => t === 'inspection.filed')).toHaveLength(2);
    expect(types.filter((t) => t === 'work_order.opened')).toHaveLength(1);

    // Only inspectors file reports, in a hall's own services, never in the future.
    const other = await createHallFixture(handle.db);
    const before = await dbSnapshot(handle.db);
    const body = { serviceId: present(w.hall.serviceIds.A), visitedAt, scores, problems: ['x'], summary: 'y' };
    expect(errorCode(await w.services.inspections.file(w.hall.leader, w.hall.slug, body))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.inspections.file(me, w.hall.slug, { ...body, serviceId: present(other.serviceIds.A) }))).toBe('NOT_FOUND');
    expect(errorCode(await w.services.inspections.file(me, w.hall.slug, { ...body, counterId: present(other.counterIds[1]) }))).toBe('NOT_FOUND');
    expect(errorCode(await w.services.inspections.file(me, w.hall.slug, { ...body, visitedAt: new Date(Date.parse(start) + DAY).toISOString() }))).toBe('VALIDATION');
    expect(errorCode(await w.services.inspections.mine(w.hall.leader))).toBe('FORBIDDEN');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    expect(unwrap(await w.services.inspections.mine(me)).reports).toHaveLength(2);
  });

  it('an appeal asked by one leader and upheld by a second excludes the malicious rating, records both and closes the order', async () => {
    const w = await setup();
    await servedAndRated(w, { level: 'very_satisfied' });
    const bad = await servedAndRated(w, { level: 'very_dissatisfied', comment: '乱写的' });
    const range = { hallId: w.hall.hallId, from: new Date(Date.parse(start) - DAY), to: new Date(Date.parse(start) + DAY) };
    expect(await satisfactionSummary(handle.db, range)).toMatchObject({ rated: 2, dissatisfied: 1, satisfiedShare: 0.5 });
    const order = present(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders[0]);

    // The first leader asks: the order waits, the rating still counts.
    const asked = unwrap(await w.services.workOrders.appeal(w.hall.leader, order.id, { reason: '经核实系同一人恶意刷差评' }, 'k-appeal')).workOrder;
    expect(asked).toMatchObject({ step: order.step, closedAs: null, appealRequest: { by: { id: w.hall.leader.id }, reason: '经核实系同一人恶意刷差评' } });
    expect(asked.rating?.excluded).toBe(false);
    expect(await satisfactionSummary(handle.db, range)).toMatchObject({ rated: 2, dissatisfied: 1 });
    // The same request again is the same answer (idempotent), not a second appeal.
    const again = unwrap(await w.services.workOrders.appeal(w.hall.leader, order.id, { reason: '经核实系同一人恶意刷差评' }, 'k-appeal')).workOrder;
    expect(again.appeals).toHaveLength(1);
    // The one who asked cannot uphold it, and nothing changes.
    const before = await dbSnapshot(handle.db);
    const alone = await w.services.workOrders.appeal(w.hall.leader, order.id, { reason: '我确认' });
    expect(alone.ok ? null : alone.error).toMatchObject({ code: 'FORBIDDEN', reason: 'SECOND_LEADER_REQUIRED' });
    expect(await dbSnapshot(handle.db)).toEqual(before);

    const view = unwrap(await w.services.workOrders.appeal(w.hall.secondLeader, order.id, { reason: '调取录像核实无误' })).workOrder;
    expect(view).toMatchObject({ step: 'closed', closedAs: 'appeal_upheld', appealRequest: null, rating: { excluded: true, excludedReason: '经核实系同一人恶意刷差评' } });
    expect(view.appeals.map((a) => [a.by.id, a.decision, a.decidedBy?.id, a.decisionNote])).toEqual([[w.hall.leader.id, 'upheld', w.hall.secondLeader.id, '调取录像核实无误']]);
    expect(await satisfactionSummary(handle.db, range)).toMatchObject({ rated: 1, dissatisfied: 0, satisfiedShare: 1 });
    const [row] = await handle.db.select().from(ratings).where(eq(ratings.rootTicketId, bad.id));
    expect(row).toMatchObject({ excluded: true, excludedBy: w.hall.secondLeader.id, excludedAt: w.clock.now() });
    const events = await eventsOf(handle.db, w.hall.hallId);
    expect(events.filter((e) => e.type === 'work_order.appeal_requested').map((e) => e.actor)).toEqual([`staff:${w.hall.leader.id}`]);
    expect(events.filter((e) => e.type === 'rating.excluded').map((e) => [e.actor, e.data.rootTicketId, e.data.workOrderId, e.data.askedBy])).toEqual([
      [`staff:${w.hall.secondLeader.id}`, bad.id, order.id, w.hall.leader.id],
    ]);
    expect(errorCode(await w.services.workOrders.appeal(w.hall.leader, order.id, { reason: '再次' }))).toBe('CONFLICT');
    expect(unwrap(await w.services.tickets.view(bad.token)).ratingReply).toBeNull();
  });

  it('a second leader declines an appeal, or the one who asked withdraws it: the rating stands and the order goes on', async () => {
    const w = await setup();
    await servedAndRated(w, { level: 'very_dissatisfied', comment: '态度差' });
    const range = { hallId: w.hall.hallId, from: new Date(Date.parse(start) - DAY), to: new Date(Date.parse(start) + DAY) };
    const order = present(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders[0]);
    expect(errorCode(await w.services.workOrders.declineAppeal(w.hall.secondLeader, order.id, { reason: '无申诉' }))).toBe('CONFLICT');

    unwrap(await w.services.workOrders.appeal(w.hall.leader, order.id, { reason: '疑似恶意' }));
    const declined = unwrap(await w.services.workOrders.declineAppeal(w.hall.secondLeader, order.id, { reason: '证据不足，评价属实' })).workOrder;
    expect(declined).toMatchObject({ step: order.step, appealRequest: null, rating: { excluded: false } });
    expect(declined.appeals.map((a) => [a.decision, a.decidedBy?.id, a.decisionNote])).toEqual([['declined', w.hall.secondLeader.id, '证据不足，评价属实']]);

    // Asked again, then withdrawn by the one who asked.
    unwrap(await w.services.workOrders.appeal(w.hall.secondLeader, order.id, { reason: '补充了录像' }));
    const withdrawn = unwrap(await w.services.workOrders.declineAppeal(w.hall.secondLeader, order.id, { reason: '撤回' })).workOrder;
    expect(withdrawn.appeals.map((a) => a.decision)).toEqual(['declined', 'withdrawn']);
    expect(withdrawn.appealRequest).toBeNull();
    expect(await satisfactionSummary(handle.db, range)).toMatchObject({ rated: 1, dissatisfied: 1 });
    // The order still walks its steps.
    const advanced = unwrap(await w.services.workOrders.advance(w.hall.leader, order.id, { step: 'verify', note: '已核实' })).workOrder;
    expect(advanced.step).toBe('rectify');
    // Only leaders of the hall decide.
    unwrap(await w.services.workOrders.appeal(w.hall.leader, order.id, { reason: '再议' }));
    expect(errorCode(await w.services.workOrders.declineAppeal(w.hall.staffOf(1), order.id, { reason: 'x' }))).toBe('FORBIDDEN');
  });

  it('permissions: staff cannot advance, another hall is refused, an inspector cannot appeal; nothing changes', async () => {
    const w = await setup();
    const me = await inspector(w);
    await servedAndRated(w, { level: 'dissatisfied' });
    const order = present(unwrap(await w.services.workOrders.list(w.hall.leader, w.hall.slug)).orders[0]);
    const other = await createHallFixture(handle.db);
    const before = await dbSnapshot(handle.db);
    const [orderBefore] = await handle.db.select().from(workOrders).where(eq(workOrders.id, order.id));
    const verify = { step: 'verify' as const, note: '核实' };
    expect(errorCode(await w.services.workOrders.advance(w.hall.staffOf(1), order.id, verify))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.advance(me, order.id, verify))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.advance(other.leader, order.id, verify))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.appeal(me, order.id, { reason: '恶意' }))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.appeal(w.hall.staffOf(1), order.id, { reason: '恶意' }))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.appeal(other.admin, order.id, { reason: '恶意' }))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.list(w.hall.staffOf(1), w.hall.slug))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.list(other.leader, w.hall.slug))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.detail(other.leader, order.id))).toBe('FORBIDDEN');
    expect(errorCode(await w.services.workOrders.detail(me, order.id))).toBe('FORBIDDEN');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    const [orderAfter] = await handle.db.select().from(workOrders).where(eq(workOrders.id, order.id));
    expect(orderAfter).toEqual(orderBefore);
  });
});

describe('整改 over HTTP', () => {
  let handle: DbHandle;
  let server: TestServer;
  beforeAll(async () => {
    handle = await openTestDb();
    server = await startTestServer(handle.db);
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  it('an inspector files a report; the leader lists, advances and reads the order; other roles and halls are refused', async () => {
    const hall = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const username = `insp-${randomUUID().slice(0, 8)}`;
    const passwordHash = (await handle.db.select({ h: staff.passwordHash }).from(staff).where(eq(staff.id, hall.leader.id)))[0]?.h ?? '';
    await handle.db.insert(staff).values({ hallId: hall.hallId, username, displayName: '体验员', role: 'inspector', passwordHash });
    const inspectorCookie = await login(server.url, username, fixturePassword);
    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);
    const otherLeader = await login(server.url, other.leader.username, fixturePassword);
    const staffCookie = await login(server.url, hall.usernameOf(1), fixturePassword);

    const filed = await request(server.url, `/api/v1/halls/${hall.slug}/inspection-reports`, {
      method: 'POST',
      cookie: inspectorCookie,
      json: {
        serviceId: hall.serviceIds.A,
        visitedAt: new Date(Date.now() - HOUR).toISOString(),
        scores: { efficiency: 2, serviceLevel: 3, attitude: 3, environment: 4, guidance: 2 },
        problems: ['  ', '无导办人员'],
        summary: '上午排队 40 分钟无人引导',
      },
    });
    expect(filed.status, filed.text).toBe(201);
    expect(field(filed.json, 'report', 'problems')).toEqual(['无导办人员']);
    const mine = await request(server.url, '/api/v1/inspection-reports/mine', { cookie: inspectorCookie });
    expect((field(mine.json, 'reports') as unknown[]).length).toBe(1);

    const listed = await request(server.url, `/api/v1/halls/${hall.slug}/work-orders?status=open`, { cookie: leaderCookie });
    expect(listed.status).toBe(200);
    const orders = field(listed.json, 'orders') as Array<{ id: string; source: string }>;
    expect(orders.map((o) => o.source)).toEqual(['inspection']);
    const id = present(orders[0]).id;

    expect((await request(server.url, `/api/v1/halls/${hall.slug}/work-orders`, { cookie: otherLeader })).status).toBe(403);
    expect((await request(server.url, `/api/v1/work-orders/${id}`, { cookie: staffCookie })).status).toBe(403);
    const byStaff = await request(server.url, `/api/v1/work-orders/${id}/advance`, { method: 'POST', cookie: staffCookie, json: { step: 'verify', note: '核实' } });
    expect(byStaff.status).toBe(403);
    const appealByInspector = await request(server.url, `/api/v1/work-orders/${id}/appeal`, { method: 'POST', cookie: inspectorCookie, json: { reason: '恶意' } });
    expect(appealByInspector.status).toBe(403);
    const appealOfReport = await request(server.url, `/api/v1/work-orders/${id}/appeal`, { method: 'POST', cookie: leaderCookie, json: { reason: '恶意' } });
    expect(appealOfReport.status).toBe(409);

    const advanced = await request(server.url, `/api/v1/work-orders/${id}/advance`, {
      method: 'POST',
      cookie: leaderCookie,
      headers: { 'idempotency-key': 'adv-1' },
      json: { step: 'verify', note: '已核实' },
    });
    expect(advanced.status, advanced.text).toBe(200);
    expect(str(advanced.json, 'workOrder', 'step')).toBe('rectify');
    const missing = await request(server.url, `/api/v1/work-orders/${randomUUID()}`, { cookie: leaderCookie });
    expect(missing.status).toBe(404);
  });
});
