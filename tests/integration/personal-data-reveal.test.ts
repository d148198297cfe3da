// Drivers: postgres. Why: one transaction of plain SQL (a read and an insert), over HTTP; nothing in it depends on the driver.
/**
 * 查看完整号码 (issue 16 item 6): the full phone only to the staff who handle the record,
 * each read written to the hall's audit with who, when, why and which record, in the same
 * transaction; refusals write nothing. Admins of the hall read the reads and the sign-ins,
 * and export both as CSV.
 */
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminAudit, appointments, staff, workOrders } from '../../db/schema';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { field, must, request, str } from '../support/http-client';
import { login } from '../support/server';
import { unwrap } from '../support/results';

const { handle, server } = withHallServer();

const PHONE = '13812345678';
const passwordHash = bcrypt.hashSync(fixturePassword, 4);

/** A hall with one of each record that holds a citizen's phone. */
async function world() {
  const hall = await createHallFixture(handle.db);
  const s = server.services;
  const clerk = hall.staffOf(1);
  const counterId = must(hall.counterIds[1]);

  // A visit served at counter 1 and rated 非常不满意: a work order for the 回访.
  const rated = unwrap(await s.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds.A), channel: 'phone', phone: PHONE }));
  unwrap(await s.counters.callNext(clerk, counterId));
  unwrap(await s.counters.start(clerk, counterId));
  unwrap(await s.counters.complete(clerk, counterId, {}));
  unwrap(await s.tickets.rate(rated.token, { level: 'very_dissatisfied', comment: '等太久' }));
  const [order] = await handle.db.select({ id: workOrders.id }).from(workOrders).where(eq(workOrders.rootTicketId, rated.id));

  // A visit accepted with a missing document (容缺).
  unwrap(await s.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds.A), channel: 'phone', phone: '13900001111' }));
  unwrap(await s.counters.callNext(clerk, counterId));
  unwrap(await s.counters.start(clerk, counterId));
  const accepted = unwrap(await s.conditional.accept(clerk, counterId, { missingItems: ['户口簿原件'], commitment: 'paper' }));

  // A 办不成事 case filed by a citizen with a phone and no ticket.
  const filed = unwrap(await s.cases.open(hall.slug, { description: '来回跑了三次', phone: '13700002222' }, null));

  // An appointment of service B, which counter 1 serves and counter 2 does not.
  const appointmentId = randomUUID();
  const slotStart = new Date(Date.now() + 86_400_000);
  await handle.db.insert(appointments).values({
    id: appointmentId,
    hallId: hall.hallId,
    serviceId: must(hall.serviceIds.B),
    day: slotStart.toISOString().slice(0, 10),
    slotStart,
    slotEnd: new Date(slotStart.getTime() + 1_800_000),
    code: `R${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`,
    name: '张三',
    phone: '13600003333',
    status: 'booked',
    createdAt: new Date(),
  });

  return { hall, workOrderId: must(order).id, acceptanceId: accepted.acceptance.id, caseId: filed.case.id, appointmentId, ratedNumber: rated.number };
}

async function extraAccount(hall: HallFixture, role: 'volunteer' | 'inspector') {
  const username = `${hall.slug}-${role}`;
  await handle.db.insert(staff).values({ hallId: hall.hallId, username, displayName: role, role, passwordHash });
  return login(server.url, username, fixturePassword);
}

const revealPath = (hall: HallFixture) => `/api/v1/halls/${hall.slug}/personal-data/reveal`;
const reveal = (hall: HallFixture, cookie: string, json: unknown) => request(server.url, revealPath(hall), { method: 'POST', cookie, json });

async function readsOf(hallId: string) {
  return handle.db
    .select()
    .from(adminAudit)
    .where(and(eq(adminAudit.hallId, hallId), eq(adminAudit.entity, 'personal_data')));
}

describe('查看完整号码', () => {
  it("returns the leader the rated citizen's full phone and records who, when, why and which work order, once", async () => {
    const w = await world();
    const cookie = await login(server.url, w.hall.leader.username, fixturePassword);
    const reply = await reveal(w.hall, cookie, { kind: 'work_order', id: w.workOrderId, reason: 'follow_up', note: '差评回访' });
    expect(reply.status, reply.text).toBe(200);
    expect(field(reply.json, 'phone')).toBe(PHONE);
    expect(field(reply.json, 'kind')).toBe('work_order');

    const rows = await readsOf(w.hall.hallId);
    expect(rows).toHaveLength(1);
    const row = must(rows[0]);
    expect(row).toMatchObject({ actorId: w.hall.leader.id, actorUsername: w.hall.leader.username, entityId: w.workOrderId, action: 'reveal_phone', before: null });
    expect(row.after).toEqual({ kind: 'work_order', ref: w.ratedNumber, reason: 'follow_up', note: '差评回访' });
    expect(row.at.toISOString()).toBe(str(reply.json, 'revealedAt'));
    expect(row.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(row), 'the audit never holds the number itself').not.toContain(PHONE);
  });

  it('refuses a read without a reason, or "other" without saying what, with 400 VALIDATION and records nothing', async () => {
    const w = await world();
    const cookie = await login(server.url, w.hall.leader.username, fixturePassword);
    for (const body of [
      { kind: 'work_order', id: w.workOrderId },
      { kind: 'work_order', id: w.workOrderId, reason: '' },
      { kind: 'work_order', id: w.workOrderId, reason: 'curious' },
      { kind: 'work_order', id: w.workOrderId, reason: 'other' },
      { kind: 'work_order', id: w.workOrderId, reason: 'other', note: '   ' },
    ]) {
      const reply = await reveal(w.hall, cookie, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(str(reply.json, 'error', 'code')).toBe('VALIDATION');
      expect(reply.text).not.toContain(PHONE);
    }
    expect(await readsOf(w.hall.hallId)).toHaveLength(0);
  });

  it("refuses volunteers, inspectors and another hall's leader with 403 and records nothing", async () => {
    const w = await world();
    const other = await createHallFixture(handle.db);
    const cookies = {
      volunteer: await extraAccount(w.hall, 'volunteer'),
      inspector: await extraAccount(w.hall, 'inspector'),
      otherLeader: await login(server.url, other.leader.username, fixturePassword),
    };
    const records = [
      { kind: 'work_order', id: w.workOrderId },
      { kind: 'conditional_acceptance', id: w.acceptanceId },
      { kind: 'unresolved_case', id: w.caseId },
      { kind: 'appointment', id: w.appointmentId },
    ];
    for (const [who, cookie] of Object.entries(cookies)) {
      for (const record of records) {
        const reply = await reveal(w.hall, cookie, { ...record, reason: 'verify_identity' });
        expect(reply.status, `${who} ${record.kind}`).toBe(403);
        expect(str(reply.json, 'error', 'code')).toBe('FORBIDDEN');
      }
    }
    // Through their own hall's address, the other hall's leader finds no such record.
    const own = await reveal(other, cookies.otherLeader, { kind: 'work_order', id: w.workOrderId, reason: 'follow_up' });
    expect(own.status).toBe(404);
    expect(await readsOf(w.hall.hallId)).toHaveLength(0);
    expect(await readsOf(other.hallId)).toHaveLength(0);
  });

  it('lets a clerk read what a clerk handles (容缺, an appointment of a service the counter serves, a case assigned to them) and nothing else', async () => {
    const w = await world();
    const clerk1 = await login(server.url, w.hall.usernameOf(1), fixturePassword);
    const clerk2 = await login(server.url, w.hall.usernameOf(2), fixturePassword);

    const acceptance = await reveal(w.hall, clerk1, { kind: 'conditional_acceptance', id: w.acceptanceId, reason: 'conditional_reminder' });
    expect(acceptance.status, acceptance.text).toBe(200);
    expect(field(acceptance.json, 'phone')).toBe('13900001111');
    const appointment = await reveal(w.hall, clerk1, { kind: 'appointment', id: w.appointmentId, reason: 'appointment_change' });
    expect(field(appointment.json, 'phone')).toBe('13600003333');

    expect((await reveal(w.hall, clerk2, { kind: 'appointment', id: w.appointmentId, reason: 'appointment_change' })).status).toBe(403);
    expect((await reveal(w.hall, clerk1, { kind: 'work_order', id: w.workOrderId, reason: 'follow_up' })).status).toBe(403);
    expect((await reveal(w.hall, clerk2, { kind: 'unresolved_case', id: w.caseId, reason: 'case_reply' })).status).toBe(403);

    unwrap(await server.services.cases.assign(w.hall.leader, w.caseId, w.hall.staffOf(2).id));
    const assigned = await reveal(w.hall, clerk2, { kind: 'unresolved_case', id: w.caseId, reason: 'case_reply' });
    expect(field(assigned.json, 'phone')).toBe('13700002222');

    const rows = await readsOf(w.hall.hallId);
    expect(rows.map((r) => [r.actorUsername, r.entityId]).sort()).toEqual(
      [
        [w.hall.usernameOf(1), w.acceptanceId],
        [w.hall.usernameOf(1), w.appointmentId],
        [w.hall.usernameOf(2), w.caseId],
      ].sort(),
    );
  });

  it("shows the hall's admin each read in the audit and its CSV, and the sign-ins good and failed", async () => {
    const w = await world();
    const leader = await login(server.url, w.hall.leader.username, fixturePassword);
    expect((await reveal(w.hall, leader, { kind: 'work_order', id: w.workOrderId, reason: 'follow_up' })).status).toBe(200);
    const wrong = await request(server.url, '/api/v1/auth/login', { method: 'POST', json: { username: w.hall.usernameOf(2), password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    const admin = await login(server.url, w.hall.admin.username, fixturePassword);

    const audit = await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/audit?entity=personal_data`, { cookie: admin });
    expect(audit.status, audit.text).toBe(200);
    const entries = field(audit.json, 'entries') as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      entity: 'personal_data',
      action: 'reveal_phone',
      entityId: w.workOrderId,
      actor: { id: w.hall.leader.id, username: w.hall.leader.username },
      after: { kind: 'work_order', reason: 'follow_up', ref: w.ratedNumber },
    });
    const byActor = await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/audit?actor=${w.hall.usernameOf(1)}&entity=personal_data`, { cookie: admin });
    expect(field(byActor.json, 'entries')).toEqual([]);

    const csv = await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/audit.csv?entity=personal_data`, { cookie: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toContain(w.hall.leader.username);
    expect(csv.text).toContain('reveal_phone');
    expect(csv.text).toContain('follow_up');
    expect(csv.text).not.toContain(PHONE);

    const signIns = await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/sign-ins`, { cookie: admin });
    expect(signIns.status, signIns.text).toBe(200);
    const attempts = field(signIns.json, 'attempts') as Array<{ username: string; ok: boolean; reason: string | null }>;
    expect(attempts).toContainEqual(expect.objectContaining({ username: w.hall.leader.username, ok: true, reason: null }));
    expect(attempts).toContainEqual(expect.objectContaining({ username: w.hall.usernameOf(2), ok: false, reason: 'WRONG_PASSWORD' }));
    const failed = await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/sign-ins?result=failed`, { cookie: admin });
    expect((field(failed.json, 'attempts') as unknown[]).length).toBe(1);
    const signInCsv = await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/sign-ins.csv?result=failed`, { cookie: admin });
    expect(signInCsv.text).toContain(`${w.hall.usernameOf(2)},`);
    expect(signInCsv.text).toContain('WRONG_PASSWORD');

    // Another hall's admin reads neither.
    const other = await createHallFixture(handle.db);
    const otherAdmin = await login(server.url, other.admin.username, fixturePassword);
    expect((await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/audit`, { cookie: otherAdmin })).status).toBe(403);
    expect((await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/sign-ins`, { cookie: otherAdmin })).status).toBe(403);
    // Nor does the leader who made the read.
    expect((await request(server.url, `/api/v1/admin/halls/${w.hall.slug}/sign-ins`, { cookie: leader })).status).toBe(403);
  });
});
