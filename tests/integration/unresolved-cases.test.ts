// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { type TestDriver, openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { dbSnapshot, field, request, str } from '../support/http-client';
import { errorCode, eventsOf, present, unwrap } from '../support/results';
import { login, startTestServer } from '../support/server';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';
const HOUR = 3_600_000;
const drivers: TestDriver[] = ['postgres', 'pglite'];

describe.each(drivers)('办不成事 unresolved-matter cases on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function setup(caseReplyHours = 24) {
    const clock = createFakeClock(start);
    const services = createServices({ db: handle.db, clock });
    const hall = await createHallFixture(handle.db, { settings: { caseReplyHours } });
    const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), channel: 'phone' }));
    return { clock, services, hall, issued };
  }

  it('a citizen opens a case with their ticket; the leader assigns and closes it; the answer reaches the ticket view', async () => {
    const s = await setup(24);
    const opened = unwrap(await s.services.cases.open(s.hall.slug, { description: '材料齐全却被要求补充证明', ticketToken: s.issued.token }, null));
    expect(opened.case.deadline).toBe(new Date(Date.parse(start) + 24 * HOUR).toISOString());
    let view = unwrap(await s.services.tickets.view(s.issued.token));
    expect(view.cases).toEqual([{ id: opened.case.id, status: 'open', outcome: null, answer: null, deadline: opened.case.deadline }]);

    let board = unwrap(await s.services.dutyBoard(s.hall.leader, s.hall.slug));
    expect(board.cases.map((c) => [c.id, c.openedBy, c.overdue])).toEqual([[opened.case.id, 'citizen', false]]);
    expect(board.cases[0]?.ticket?.number).toBe(s.issued.number);

    unwrap(await s.services.cases.assign(s.hall.leader, opened.case.id, s.hall.staffOf(2).id));
    // Overdue is computed against the injected clock.
    s.clock.advance(25 * HOUR);
    board = unwrap(await s.services.dutyBoard(s.hall.leader, s.hall.slug));
    expect(board.cases[0]?.overdue).toBe(true);
    expect(board.cases[0]?.assignedTo?.id).toBe(s.hall.staffOf(2).id);

    const answer = '经核实，已协调不动产登记中心当场补办，无需再跑。';
    const closed = unwrap(await s.services.cases.close(s.hall.secondLeader, opened.case.id, { outcome: 'solved_on_site', answer }, 'k-close'));
    expect(closed.case.status).toBe('closed');
    view = unwrap(await s.services.tickets.view(s.issued.token));
    expect(view.cases?.[0]).toMatchObject({ status: 'closed', outcome: 'solved_on_site', answer });
    expect(unwrap(await s.services.dutyBoard(s.hall.leader, s.hall.slug)).cases).toEqual([]);
    expect(errorCode(await s.services.cases.close(s.hall.leader, opened.case.id, { outcome: 'registered', answer: '再次' }))).toBe('CONFLICT');

    const types = (await eventsOf(handle.db, s.hall.hallId)).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('case.'))).toEqual(['case.opened', 'case.assigned', 'case.closed']);
  });

  it('staff and other halls cannot handle a case; nothing changes', async () => {
    const s = await setup();
    const opened = unwrap(await s.services.cases.open(s.hall.slug, { description: '窗口推诿', phone: '13812345678' }, null));
    const other = await createHallFixture(handle.db);
    const before = await dbSnapshot(handle.db);
    expect(errorCode(await s.services.cases.close(s.hall.staffOf(1), opened.case.id, { outcome: 'registered', answer: '说明' }))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.cases.assign(other.leader, opened.case.id, other.leader.id))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.dutyBoard(s.hall.staffOf(1), s.hall.slug))).toBe('FORBIDDEN');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    const board = unwrap(await s.services.dutyBoard(s.hall.admin, s.hall.slug));
    expect(board.cases[0]?.phoneMasked).toBe('138****5678');
  });

  it('an anonymous case needs a phone number; a counter opens one for its current ticket', async () => {
    const s = await setup();
    expect(errorCode(await s.services.cases.open(s.hall.slug, { description: '无法办理' }, null))).toBe('VALIDATION');
    const clerk = s.hall.staffOf(1);
    unwrap(await s.services.counters.callNext(clerk, present(s.hall.counterIds[1])));
    const opened = unwrap(await s.services.cases.open(s.hall.slug, { description: '系统无法调取户籍信息' }, clerk));
    const board = unwrap(await s.services.dutyBoard(s.hall.leader, s.hall.slug));
    const found = present(board.cases.find((c) => c.id === opened.case.id));
    expect(found.openedBy).toBe('staff');
    expect(found.ticket?.number).toBe(s.issued.number);
  });

  it('over HTTP: a phone opens a case with its token, the leader closes it, the answer is on the ticket', async () => {
    const s = await setup(8);
    const server = await startTestServer(handle.db, s.clock);
    try {
      const created = await request(server.url, `/api/v1/halls/${s.hall.slug}/unresolved-cases`, {
        method: 'POST',
        json: { description: '来回跑了三次', ticketToken: s.issued.token },
      });
      expect(created.status).toBe(201);
      const id = str(created.json, 'case', 'id');
      const leader = await login(server.url, s.hall.leader.username, fixturePassword);
      const clerk = await login(server.url, s.hall.usernameOf(1), fixturePassword);
      const denied = await request(server.url, `/api/v1/unresolved-cases/${id}/close`, { method: 'POST', cookie: clerk, json: { outcome: 'assisted', answer: '已帮办' } });
      expect(denied.status).toBe(403);
      const noAnswer = await request(server.url, `/api/v1/unresolved-cases/${id}/close`, { method: 'POST', cookie: leader, json: { outcome: 'registered', answer: ' ' } });
      expect(noAnswer.status).toBe(400);
      const closed = await request(server.url, `/api/v1/unresolved-cases/${id}/close`, {
        method: 'POST',
        cookie: leader,
        json: { outcome: 'registered', answer: '依据现行政策暂不能办理，已登记入档，政策调整后电话告知。' },
      });
      expect(closed.status).toBe(200);
      const view = await request(server.url, `/api/v1/tickets/${s.issued.token}`);
      expect(field(view.json, 'ticket', 'cases')).toEqual([
        expect.objectContaining({ id, status: 'closed', outcome: 'registered', deadline: new Date(Date.parse(start) + 8 * HOUR).toISOString() }),
      ]);
    } finally {
      await server.close();
    }
  });
});

describe.each(drivers)('the duty roster on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('the admin sets the leader per day, leaders read it, the default leader fills the other days', async () => {
    const clock = createFakeClock(start);
    const services = createServices({ db: handle.db, clock });
    const base = await createHallFixture(handle.db);
    const hall = await createHallFixture(handle.db, { settings: { defaultDutyLeader: base.leader.username } });
    // A default naming a leader of another hall names nobody.
    expect(unwrap(await services.dutyBoard(hall.leader, hall.slug)).onDuty).toBeNull();

    const set = unwrap(
      await services.dutyRoster.write(hall.admin, hall.slug, { days: [{ day: '2026-11-27', staffId: hall.secondLeader.id }] }, 'k-roster'),
    );
    expect(set.days).toEqual([{ day: '2026-11-27', staff: { id: hall.secondLeader.id, displayName: 'leader2' }, source: 'roster' }]);
    expect(unwrap(await services.dutyBoard(hall.leader, hall.slug)).onDuty?.id).toBe(hall.secondLeader.id);
    expect(errorCode(await services.dutyRoster.write(hall.leader, hall.slug, { days: [{ day: '2026-11-28', staffId: hall.leader.id }] }))).toBe('FORBIDDEN');
    expect(errorCode(await services.dutyRoster.write(hall.admin, hall.slug, { days: [{ day: '2026-11-28', staffId: hall.staffOf(1).id }] }))).toBe('VALIDATION');
    expect(errorCode(await services.dutyRoster.read(hall.staffOf(1), hall.slug, '2026-11-27', '2026-11-28'))).toBe('FORBIDDEN');
    const read = unwrap(await services.dutyRoster.read(hall.leader, hall.slug, '2026-11-27', '2026-11-28'));
    expect(read.days.map((d) => d.source)).toEqual(['roster', null]);

    const server = await startTestServer(handle.db, clock);
    try {
      const admin = await login(server.url, hall.admin.username, fixturePassword);
      const put = await request(server.url, `/api/v1/halls/${hall.slug}/duty-roster`, {
        method: 'PUT',
        cookie: admin,
        json: { days: [{ day: '2026-11-28', staffId: hall.leader.id }] },
      });
      expect(put.status).toBe(200);
      const got = await request(server.url, `/api/v1/halls/${hall.slug}/duty-roster?from=2026-11-27&to=2026-11-28`, { cookie: admin });
      expect(field(got.json, 'days')).toEqual([
        expect.objectContaining({ day: '2026-11-27', source: 'roster' }),
        expect.objectContaining({ day: '2026-11-28', staff: { id: hall.leader.id, displayName: '值班领导' }, source: 'roster' }),
      ]);
      expect((await eventsOf(handle.db, hall.hallId)).map((e) => e.type)).toEqual(['duty.rostered', 'duty.rostered']);
    } finally {
      await server.close();
    }
  });
});
