// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import { openTestDb, type TestDriver } from '../support/db';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { present, ticketById, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';
const body = { reason: '申请人非产权人且无委托书', legalBasis: '《不动产登记暂行条例》第十四条', notice: ['经公证的授权委托书'] };
const minute = 60_000;

const drivers: TestDriver[] = ['postgres', 'pglite'];

describe.each(drivers)('the counter follows its refusal request on %s', (driver) => {
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
    const serve = async () => {
      const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A) }));
      clock.advance(minute);
      unwrap(await services.counters.callNext(clerk, counterId));
      clock.advance(minute);
      unwrap(await services.counters.start(clerk, counterId));
      clock.advance(minute);
      return issued;
    };
    return { clock, services, hall, counterId, clerk, serve };
  }

  it('pending, then denied with the leader and the comment on the counter; called back, the timeline is in time order and not serving', async () => {
    const s = await setup();
    const issued = await s.serve();
    const requested = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));

    let state = unwrap(await s.services.counters.state(s.clerk, s.counterId));
    expect(state.refusals.map((r) => [r.id, r.status, r.number, r.ticketId])).toEqual([[requested.refusal.id, 'pending', issued.number, issued.id]]);
    expect(state.refusals[0]?.decidedBy).toBeNull();

    s.clock.advance(2 * minute);
    unwrap(await s.services.refusals.decide(s.hall.leader, requested.refusal.id, { approve: false, comment: '材料可容缺，请继续受理' }));
    state = unwrap(await s.services.counters.state(s.clerk, s.counterId));
    const [denied] = state.refusals;
    expect(denied).toMatchObject({
      status: 'denied',
      comment: '材料可容缺，请继续受理',
      decidedBy: s.hall.leader.displayName,
      decidedAt: s.clock.now().toISOString(),
    });
    expect(state.parked.map((p) => p.id)).toEqual([issued.id]);

    s.clock.advance(minute);
    unwrap(await s.services.counters.returnParked(s.clerk, s.counterId, issued.id));
    // Called back, the citizen walks up again: the service clock restarts only with a new start.
    expect((await ticketById(handle.db, issued.id)).startedAt).toBeNull();
    state = unwrap(await s.services.counters.state(s.clerk, s.counterId));
    expect(state.current?.status).toBe('called');
    expect(state.current?.startedAt).toBeNull();
    expect(state.timeline.map((step) => step.type)).toEqual([
      'ticket.issued',
      'ticket.called',
      'ticket.started',
      'ticket.parked',
      'refusal.requested',
      'refusal.denied',
      'ticket.called',
    ]);
    const times = state.timeline.map((step) => step.at);
    expect([...times].sort()).toEqual(times);

    s.clock.advance(minute);
    unwrap(await s.services.counters.start(s.clerk, s.counterId));
    expect((await ticketById(handle.db, issued.id)).startedAt?.toISOString()).toBe(s.clock.now().toISOString());
  });

  it("the duty board records today's decisions with who, what, when and the comment, not yesterday's", async () => {
    const s = await setup();
    const yesterday = await s.serve();
    const old = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));
    unwrap(await s.services.refusals.decide(s.hall.leader, old.refusal.id, { approve: true }));
    expect((await ticketById(handle.db, yesterday.id)).outcome).toBe('refused');

    s.clock.advance(24 * 60 * minute);
    const approvedTicket = await s.serve();
    const approve = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));
    unwrap(await s.services.refusals.decide(s.hall.leader, approve.refusal.id, { approve: true, comment: '依据充分' }));
    const approvedAt = s.clock.now().toISOString();
    s.clock.advance(minute);
    const deniedTicket = await s.serve();
    const deny = unwrap(await s.services.refusals.request(s.clerk, s.counterId, body));
    unwrap(await s.services.refusals.decide(s.hall.secondLeader, deny.refusal.id, { approve: false }));

    const board = unwrap(await s.services.dutyBoard(s.hall.leader, s.hall.slug));
    expect(board.refusals).toEqual([]);
    expect(board.decidedToday.map((d) => [d.number, d.status, d.decidedBy.displayName, d.comment])).toEqual([
      [deniedTicket.number, 'denied', s.hall.secondLeader.displayName, null],
      [approvedTicket.number, 'approved', s.hall.leader.displayName, '依据充分'],
    ]);
    const approvedRow = present(board.decidedToday[1]);
    expect(approvedRow.decidedAt).toBe(approvedAt);
    expect(approvedRow.requestedBy.displayName).toBe(s.clerk.displayName);
    expect(approvedRow.counterNumber).toBe(1);
    expect(approvedRow.reason).toBe(body.reason);
  });
});
