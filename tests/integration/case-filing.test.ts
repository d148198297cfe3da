// Drivers: each. Why: the file opens PostgreSQL and PGlite itself, so it runs once.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { cases, staff } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import type { StaffActor } from '../../server/services/actors';
import { type TestDriver } from '../support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { dbSnapshot, request, str } from '../support/http-client';
import { errorCode, eventsOf, present, ticketById, unwrap } from '../support/results';
import { login } from '../support/server';

const drivers: TestDriver[] = ['postgres', 'pglite'];

async function addVolunteer(handle: DbHandle, hall: HallFixture): Promise<StaffActor> {
  const id = randomUUID();
  const username = `${hall.slug}-vol`;
  await handle.db.insert(staff).values({ id, hallId: hall.hallId, username, displayName: '志愿者', role: 'volunteer', passwordHash: bcrypt.hashSync(fixturePassword, 4) });
  return { id, username, displayName: '志愿者', role: 'volunteer', hallId: hall.hallId, counterId: null };
}

describe.each(drivers)('办件 cases and assisted intake on %s', (driver) => {
  const clock = createFakeClock('2026-11-27T02:00:00Z');
  const { handle, server } = withHallServer({ driver, clock });

  async function setup() {
    const hall = await createHallFixture(handle.db);
    const counterId = present(hall.counterIds[1]);
    const clerk = hall.staffOf(1);
    const s = server.services;
    const serve = async () => {
      const issued = unwrap(await s.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), phone: '13912340000' }));
      unwrap(await s.counters.callNext(clerk, counterId));
      unwrap(await s.counters.start(clerk, counterId));
      return issued;
    };
    return { hall, counterId, clerk, s, serve };
  }

  it('complete with a case number files the case in the same transaction; a duplicate number is 409 and changes nothing', async () => {
    const { hall, counterId, clerk, s, serve } = await setup();
    const first = await serve();
    const caseNo = `QS${randomUUID().slice(0, 8)}`;
    unwrap(await s.counters.complete(clerk, counterId, { outcome: 'accepted', caseNo }));
    const [row] = await handle.db.select().from(cases).where(eq(cases.caseNo, caseNo));
    expect(row).toMatchObject({
      hallId: hall.hallId,
      status: 'accepted',
      steps: [{ status: 'accepted', at: clock.now().toISOString() }],
      phone: '13912340000',
      serviceId: hall.serviceIds.A,
      counterId,
      staffId: clerk.id,
      rootTicketId: first.id,
    });
    expect((await eventsOf(handle.db, hall.hallId)).at(-1)?.type).toBe('case.filed');

    const second = await serve();
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const before = await dbSnapshot(handle.db);
    const reply = await request(server.url, `/api/v1/counters/${counterId}/complete`, { method: 'POST', cookie, json: { outcome: 'accepted', caseNo } });
    expect(reply.status).toBe(409);
    expect(str(reply.json, 'error', 'code')).toBe('CONFLICT');
    expect(await dbSnapshot(handle.db)).toEqual(before);
    expect((await ticketById(handle.db, second.id)).status).toBe('serving');
    expect(await handle.db.select().from(cases).where(eq(cases.caseNo, caseNo))).toHaveLength(1);
  });

  it('a case moves on in the legal order only, by staff and leaders of its hall', async () => {
    const { hall, counterId, clerk, s, serve } = await setup();
    await serve();
    const caseNo = `QS${randomUUID().slice(0, 8)}`;
    unwrap(await s.counters.complete(clerk, counterId, { caseNo }));
    const other = await createHallFixture(handle.db);
    const volunteer = await addVolunteer(handle, hall);
    expect(errorCode(await s.caseProgress.progress(clerk, caseNo, { status: 'approved' }))).toBe('CONFLICT');
    expect(errorCode(await s.caseProgress.progress(other.leader, caseNo, { status: 'in_review' }))).toBe('FORBIDDEN');
    expect(errorCode(await s.caseProgress.progress(volunteer, caseNo, { status: 'in_review' }))).toBe('FORBIDDEN');
    expect(errorCode(await s.caseProgress.progress(clerk, 'QS-NO-SUCH', { status: 'in_review' }))).toBe('NOT_FOUND');
    unwrap(await s.caseProgress.progress(clerk, caseNo, { status: 'in_review', note: '已转审批科' }));
    expect(errorCode(await s.caseProgress.progress(clerk, caseNo, { status: 'delivered' }))).toBe('CONFLICT');
    unwrap(await s.caseProgress.progress(hall.leader, caseNo, { status: 'approved' }));
    unwrap(await s.caseProgress.progress(clerk, caseNo, { status: 'ready' }));
    const done = unwrap(await s.caseProgress.progress(hall.staffOf(2), caseNo, { status: 'delivered' }));
    expect(done.case.steps.map((st) => st.status)).toEqual(['accepted', 'in_review', 'approved', 'ready', 'delivered']);
    expect(done.case.steps[1]?.note).toBe('已转审批科');
    expect(errorCode(await s.caseProgress.progress(clerk, caseNo, { status: 'rejected' }))).toBe('CONFLICT');

    // Rejected only from review.
    await serve();
    const other2 = `QS${randomUUID().slice(0, 8)}`;
    unwrap(await s.counters.complete(clerk, counterId, { caseNo: other2 }));
    expect(errorCode(await s.caseProgress.progress(clerk, other2, { status: 'rejected' }))).toBe('CONFLICT');
    unwrap(await s.caseProgress.progress(clerk, other2, { status: 'in_review' }));
    expect(unwrap(await s.caseProgress.progress(clerk, other2, { status: 'rejected' })).case.status).toBe('rejected');

    // Over HTTP as well.
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const reply = await request(server.url, `/api/v1/cases/${other2}/progress`, { method: 'POST', cookie, json: { status: 'approved' } });
    expect(reply.status).toBe(409);
  });

  it('a priority class only through staff or volunteers of the hall; their tickets say who took them', async () => {
    const { hall, s } = await setup();
    const volunteer = await addVolunteer(handle, hall);
    const other = await createHallFixture(handle.db);
    const otherVolunteer = await addVolunteer(handle, other);
    const path = `/api/v1/halls/${hall.slug}/tickets`;
    const serviceId = present(hall.serviceIds.A);
    const foreignCookie = await login(server.url, otherVolunteer.username, fixturePassword);
    const before = await dbSnapshot(handle.db);
    const anonymous = await request(server.url, path, { method: 'POST', json: { serviceId, priorityClass: 'elderly' } });
    expect(anonymous.status).toBe(403);
    expect(str(anonymous.json, 'error', 'code')).toBe('FORBIDDEN');
    const foreign = await request(server.url, path, {
      method: 'POST',
      cookie: foreignCookie,
      json: { serviceId, priorityClass: 'disabled' },
    });
    expect(foreign.status).toBe(403);
    expect(await dbSnapshot(handle.db)).toEqual(before);

    // The contract as before: anyone takes a normal number.
    const normal = await request(server.url, path, { method: 'POST', json: { serviceId, channel: 'phone', priorityClass: 'normal' } });
    expect(normal.status).toBe(201);
    const normalRow = await ticketById(handle.db, str(normal.json, 'ticket', 'id'));
    expect(normalRow).toMatchObject({ channel: 'phone', priorityClass: 'normal', issuedBy: null });

    const cookie = await login(server.url, volunteer.username, fixturePassword);
    const assisted = await request(server.url, path, { method: 'POST', cookie, json: { serviceId, priorityClass: 'elderly', phone: '13700001111' } });
    expect(assisted.status).toBe(201);
    const row = await ticketById(handle.db, str(assisted.json, 'ticket', 'id'));
    expect(row).toMatchObject({ channel: 'volunteer', priorityClass: 'elderly', issuedBy: volunteer.id });
    const staffCookie = await login(server.url, hall.usernameOf(2), fixturePassword);
    const byStaff = await request(server.url, path, { method: 'POST', cookie: staffCookie, json: { serviceId, priorityClass: 'green_channel' } });
    expect(byStaff.status).toBe(201);
    expect(await ticketById(handle.db, str(byStaff.json, 'ticket', 'id'))).toMatchObject({ channel: 'staff', priorityClass: 'green_channel' });
    // Staff taking a plain number take it as a citizen would (the phone channel, the citizen
    // limits), and the ticket still records who took it; it is not one of their assisted numbers.
    const plain = await request(server.url, path, { method: 'POST', cookie: staffCookie, json: { serviceId, channel: 'phone' } });
    expect(plain.status).toBe(201);
    expect(await ticketById(handle.db, str(plain.json, 'ticket', 'id'))).toMatchObject({ channel: 'phone', priorityClass: 'normal', issuedBy: hall.staffOf(2).id });
    const staffList = await request(server.url, '/api/v1/me/issued-tickets', { cookie: staffCookie });
    expect((staffList.json as { tickets: Array<{ priorityClass: string }> }).tickets.map((t) => t.priorityClass)).toEqual(['green_channel']);

    const mine = await request(server.url, '/api/v1/me/issued-tickets', { cookie });
    expect(mine.status).toBe(200);
    const list = (mine.json as { tickets: Array<{ number: string; priorityClass: string; url: string }> }).tickets;
    expect(list.map((t) => [t.number, t.priorityClass])).toEqual([[row.number, 'elderly']]);
    expect(list[0]?.url).toBe(`/t/${row.token ?? ''}`);

    // The priority ticket is called before the normal one once the counter has taken its normal share.
    const counterId = present(hall.counterIds[1]);
    const clerk = hall.staffOf(1);
    expect((await ticketById(handle.db, row.id)).status).toBe('waiting');
    for (let i = 0; i < 3; i += 1) {
      unwrap(await s.tickets.issue(hall.slug, { serviceId }));
    }
    const calledNumbers: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const called = unwrap(await s.counters.callNext(clerk, counterId));
      calledNumbers.push(present(called.ticket).number);
      unwrap(await s.counters.start(clerk, counterId));
      unwrap(await s.counters.complete(clerk, counterId, {}));
    }
    // One priority after every three normal ones (the hall's interleave): the elderly ticket,
    // taken after the first normal one, goes before the last normal one taken before it.
    expect(calledNumbers.indexOf(row.number)).toBe(3);
    expect(calledNumbers.slice(0, 3)).toEqual([normalRow.number, ...calledNumbers.slice(1, 3)]);
  });
});
