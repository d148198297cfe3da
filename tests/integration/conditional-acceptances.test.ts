// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { cases, conditionalAcceptances, services as serviceTable } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import { type TestDriver, openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';
import { dbSnapshot } from '../support/http-client';
import { errorCode, eventsOf, present, ticketById, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const friday = '2026-11-27T02:00:00Z';
const drivers: TestDriver[] = ['postgres', 'pglite'];
const items = ['户口簿原件', '婚姻状况证明'];

describe.each(drivers)('容缺受理 conditional acceptance on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  /** A hall whose service A promises 3 working days and B none (the hall's cap of 5 applies). */
  async function setup() {
    const clock: FakeClock = createFakeClock(friday);
    const services: Services = createServices({ db: handle.db, clock });
    const hall = await createHallFixture(handle.db, { settings: { conditionalMaxDays: 5, conditionalReminderDays: 2 } });
    await handle.db.update(serviceTable).set({ promisedDays: 3 }).where(eq(serviceTable.id, present(hall.serviceIds.A)));
    const counterId = present(hall.counterIds[1]);
    const clerk = hall.staffOf(1);
    /** A ticket of the service taken (with a phone) and in service at counter 1. */
    const serve = async (prefix = 'A') => {
      const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds[prefix]), phone: '13812345678' }));
      unwrap(await services.counters.callNext(clerk, counterId));
      unwrap(await services.counters.start(clerk, counterId));
      return issued;
    };
    return { clock, services, hall, counterId, clerk, serve };
  }

  it('bounds the deadline by the service\'s promised working days; beyond it is refused and nothing changes', async () => {
    const s = await setup();
    const issued = await s.serve('A');
    const before = await dbSnapshot(handle.db);
    // Friday + 3 working days = Wednesday 2 December; Thursday is one too many.
    const beyond = await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'paper', deadline: '2026-12-03' });
    expect(errorCode(beyond)).toBe('VALIDATION');
    expect(errorCode(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'paper', deadline: '2026-11-26' }))).toBe('VALIDATION');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    expect((await ticketById(handle.db, issued.id)).status).toBe('serving');

    const { acceptance } = unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'paper' }, 'k-acc'));
    expect(acceptance.deadlineDay).toBe('2026-12-02');
    expect(acceptance.deadline).toBe('2026-12-02T15:59:59.999Z');
    // A signed paper counts at once.
    expect(acceptance.status).toBe('open');
    expect(acceptance.commitmentConfirmedAt).toBe(s.clock.now().toISOString());
    expect(acceptance.phoneMasked).toBe('138****5678');
    const ticket = await ticketById(handle.db, issued.id);
    expect(ticket.status).toBe('completed');
    expect(ticket.outcome).toBe('conditional');
    // The same key again: the stored answer, one acceptance.
    const replay = unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'paper' }, 'k-acc'));
    expect(replay.acceptance.id).toBe(acceptance.id);
    const rows = await handle.db.select().from(conditionalAcceptances).where(eq(conditionalAcceptances.hallId, s.hall.hallId));
    expect(rows).toHaveLength(1);
    const types = (await eventsOf(handle.db, s.hall.hallId)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['ticket.completed', 'conditional.accepted']);
    const events = await eventsOf(handle.db, s.hall.hallId);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(items[0]);

    // A service without a promised limit takes the hall's cap: 5 working days.
    await s.serve('B');
    const capped = unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'paper' }));
    expect(capped.acceptance.deadlineDay).toBe('2026-12-04');
  });

  it('accepts only the ticket in service, at the clerk\'s own counter', async () => {
    const s = await setup();
    unwrap(await s.services.tickets.issue(s.hall.slug, { serviceId: present(s.hall.serviceIds.A) }));
    const body = { missingItems: items, commitment: 'phone' as const };
    expect(errorCode(await s.services.conditional.accept(s.clerk, s.counterId, body))).toBe('CONFLICT');
    unwrap(await s.services.counters.callNext(s.clerk, s.counterId));
    // Called but not started: the citizen has not reached the counter.
    expect(errorCode(await s.services.conditional.accept(s.clerk, s.counterId, body))).toBe('CONFLICT');
    unwrap(await s.services.counters.start(s.clerk, s.counterId));
    const before = await dbSnapshot(handle.db);
    expect(errorCode(await s.services.conditional.accept(s.hall.staffOf(2), s.counterId, body))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.conditional.accept(s.hall.leader, s.counterId, body))).toBe('FORBIDDEN');
    expect(await dbSnapshot(handle.db)).toEqual(before);
  });

  it('phone commitment: confirmed on the ticket page, reminded before the deadline, overdue after it, gone once fulfilled', async () => {
    const s = await setup();
    const issued = await s.serve('A');
    const { acceptance } = unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'phone' }));
    expect(acceptance.status).toBe('awaiting_commitment');

    let view = unwrap(await s.services.tickets.view(issued.token));
    let mine = present(view.conditional?.[0]);
    expect(mine).toMatchObject({ id: acceptance.id, status: 'awaiting_commitment', missingItems: items, deadlineDay: '2026-12-02', daysLeft: 5, reminder: false, overdue: false });

    // Another visit's link cannot confirm it.
    const stranger = unwrap(await s.services.tickets.issue(s.hall.slug, { serviceId: present(s.hall.serviceIds.B) }));
    expect(errorCode(await s.services.conditional.confirm(stranger.token, acceptance.id))).toBe('NOT_FOUND');
    expect(errorCode(await s.services.conditional.confirm(issued.token, randomUUID()))).toBe('NOT_FOUND');

    const confirmed = unwrap(await s.services.conditional.confirm(issued.token, acceptance.id));
    expect(confirmed.acceptance.status).toBe('open');
    expect(confirmed.acceptance.commitmentConfirmedAt).toBe(s.clock.now().toISOString());
    const eventCount = (await eventsOf(handle.db, s.hall.hallId)).length;
    const again = unwrap(await s.services.conditional.confirm(issued.token, acceptance.id));
    expect(again.acceptance.status).toBe('open');
    expect((await eventsOf(handle.db, s.hall.hallId)).length).toBe(eventCount);

    // Monday: two days before the deadline, the page reminds the citizen.
    s.clock.set('2026-11-30T02:00:00Z');
    view = unwrap(await s.services.tickets.view(issued.token));
    mine = present(view.conditional?.[0]);
    expect(mine).toMatchObject({ daysLeft: 2, reminder: true, overdue: false });
    let overdue = unwrap(await s.services.conditional.list(s.hall.leader, s.hall.slug, 'overdue'));
    expect(overdue.acceptances).toHaveLength(0);
    const open = unwrap(await s.services.conditional.list(s.clerk, s.hall.slug));
    expect(open.acceptances.map((a) => [a.id, a.dueSoon, a.overdue])).toEqual([[acceptance.id, true, false]]);

    // The last minute of Wednesday still counts; Thursday 00:00 in Shanghai it is overdue.
    s.clock.set('2026-12-02T15:59:00Z');
    expect(present(unwrap(await s.services.tickets.view(issued.token)).conditional?.[0]).overdue).toBe(false);
    s.clock.set('2026-12-02T16:00:00Z');
    view = unwrap(await s.services.tickets.view(issued.token));
    mine = present(view.conditional?.[0]);
    expect(mine).toMatchObject({ daysLeft: -1, reminder: false, overdue: true });
    overdue = unwrap(await s.services.conditional.list(s.hall.leader, s.hall.slug, 'overdue'));
    expect(overdue.acceptances.map((a) => [a.id, a.number, a.overdue])).toEqual([[acceptance.id, issued.number, true]]);

    // The items arrive at another counter of the hall: it leaves the overdue list.
    const closed = unwrap(await s.services.conditional.fulfil(s.hall.staffOf(2), acceptance.id, 'k-ful'));
    expect(closed.acceptance).toMatchObject({ status: 'fulfilled', overdue: false, dueSoon: false });
    expect(unwrap(await s.services.conditional.list(s.hall.leader, s.hall.slug, 'overdue')).acceptances).toHaveLength(0);
    expect(unwrap(await s.services.conditional.list(s.hall.leader, s.hall.slug, 'open')).acceptances).toHaveLength(0);
    expect(present(unwrap(await s.services.tickets.view(issued.token)).conditional?.[0])).toMatchObject({ status: 'fulfilled', overdue: false });
    expect(errorCode(await s.services.conditional.fulfil(s.clerk, acceptance.id))).toBe('CONFLICT');
    expect(errorCode(await s.services.conditional.withdraw(s.clerk, acceptance.id, '群众放弃'))).toBe('CONFLICT');
    const types = (await eventsOf(handle.db, s.hall.hallId)).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('conditional.'))).toEqual(['conditional.accepted', 'conditional.confirmed', 'conditional.fulfilled']);
  });

  it('the list and the closing commands stay inside the hall; withdrawing ends an acceptance', async () => {
    const s = await setup();
    await s.serve('A');
    const { acceptance } = unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'paper' }));
    const other = await createHallFixture(handle.db);
    for (const actor of [other.leader, other.staffOf(1)]) {
      expect(errorCode(await s.services.conditional.list(actor, s.hall.slug))).toBe('FORBIDDEN');
    }
    const before = await dbSnapshot(handle.db);
    expect(errorCode(await s.services.conditional.fulfil(other.staffOf(1), acceptance.id))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.conditional.withdraw(other.leader, acceptance.id, '误操作'))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.conditional.fulfil(s.hall.admin, acceptance.id))).toBe('FORBIDDEN');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    const withdrawn = unwrap(await s.services.conditional.withdraw(s.hall.leader, acceptance.id, '群众放弃申请'));
    expect(withdrawn.acceptance.status).toBe('withdrawn');
    const last = (await eventsOf(handle.db, s.hall.hallId)).at(-1);
    expect(last?.type).toBe('conditional.withdrawn');
    expect(last?.data.reason).toBe('群众放弃申请');
  });

  it('a case number files a 办件 case with the acceptance', async () => {
    const s = await setup();
    await s.serve('A');
    const { acceptance } = unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: items, commitment: 'phone', caseNo: 'QS-2026-1127-01' }));
    expect(acceptance.caseNo).toBe('QS-2026-1127-01');
    const [row] = await handle.db.select().from(cases).where(eq(cases.caseNo, 'QS-2026-1127-01'));
    expect(row).toMatchObject({ status: 'accepted', phone: '13812345678', serviceId: s.hall.serviceIds.A, counterId: s.counterId, staffId: s.clerk.id });
  });
});
