// Drivers: both. Why: the job is SQL that each driver must run alike (UPDATE … FROM … FOR UPDATE with RETURNING of the old values, an advisory transaction lock, jsonb run rows).
/**
 * The retention job with an injected clock, over a small history played with the command
 * services: when its period has passed, citizens' phones, names and the contact details of
 * their texts are gone, and messages to those phones will never be sent; the leaders'
 * history (from the rollups and computed live from the raw tables) and the daily report are
 * the same before and after; a second run changes nothing; two job instances run it once.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminAudit, appointments, outbox, ratings, retentionRuns, tickets, unresolvedCases } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { startOfLocalDay } from '../../server/domain/hall-day';
import { createHistoryService } from '../../server/services/metrics/history';
import { rollUpClosedDays } from '../../server/services/metrics/history-rollup';
import { createRetentionJob } from '../../server/services/retention';
import { type HallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { playHistory } from '../support/history-fixture';
import { must, request } from '../support/http-client';
import { unwrap } from '../support/results';
import { login } from '../support/server';

const days = [
  { day: '2026-03-02', extra: 1 },
  { day: '2026-03-03', extra: 2 },
];
const clock = createFakeClock('2026-03-01T00:00:00Z');
const { handle, server } = withHallServer({ clock });
let hall: HallFixture;
const phone = '13812345678';
const otherPhone = '13987654321';
/** Shanghai local time on a day, as an instant. */
const at = (day: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(startOfLocalDay(day, 'Asia/Shanghai').getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
};

beforeAll(async () => {
  hall = await playHistory(handle.db, server.services, clock, days);
  const db = handle.db;
  // Personal data as citizens and clerks leave it: phones on the visits, a note and a rating
  // comment that name a number, a 办不成事 case with a phone and an ID number in its text
  // (closed on 03-03; one a day), a closed appointment, and SMS to those phones: one pending, one sent.
  await db.update(tickets).set({ phone }).where(eq(tickets.hallId, hall.hallId));
  const [first] = await db.select().from(tickets).where(and(eq(tickets.hallId, hall.hallId), eq(tickets.day, '2026-03-02'))).limit(1);
  const firstTicket = must(first);
  await db.update(tickets).set({ note: `请回电 ${otherPhone}` }).where(eq(tickets.id, firstTicket.id));
  await db.update(ratings).set({ comment: `很满意，有事打 ${phone}` }).where(eq(ratings.hallId, hall.hallId));
  await db
    .update(unresolvedCases)
    .set({
      phone: otherPhone,
      description: '身份证 460100199001011234 的材料要求不清楚，请联系 0898-65201234',
      status: 'closed',
      outcome: 'registered',
      answer: `已电话 ${otherPhone} 答复`,
      closedAt: at('2026-03-03', '16:00'),
    })
    .where(eq(unresolvedCases.hallId, hall.hallId));
  await db.insert(appointments).values({
    hallId: hall.hallId,
    serviceId: must(hall.serviceIds.A),
    day: '2026-03-03',
    slotStart: at('2026-03-03', '09:00'),
    slotEnd: at('2026-03-03', '09:30'),
    code: `R${hall.hallId.slice(0, 8)}`,
    name: '张三明',
    phone: '13700001111',
    status: 'no_show',
    createdAt: at('2026-03-02', '12:00'),
    closedAt: at('2026-03-03', '09:45'),
  });
  const message = {
    hallId: hall.hallId,
    ticketId: firstTicket.id,
    channel: 'sms' as const,
    kind: 'ticket.called',
    recipient: phone,
    payload: { number: firstTicket.number, counter: 1 },
    nextAttemptAt: at('2026-03-02', '09:05'),
    createdAt: at('2026-03-02', '09:05'),
  };
  await db.insert(outbox).values([
    { ...message, status: 'pending' },
    { ...message, status: 'sent', sentAt: at('2026-03-02', '09:05'), providerMessageId: 'biz-1' },
  ]);
  clock.set('2026-03-05T07:00:00Z');
  await rollUpClosedDays(db, clock, hall.hallId);
}, 120_000);

const range = { from: '2026-03-01', to: '2026-03-04', groupBy: 'day' as const };

/** Every figure the leaders read for the played days: from the rollups, and live from the raw tables. */
async function figures() {
  const live = createHistoryService({ db: handle.db, clock, forceLive: true });
  const out: unknown[] = [];
  for (const by of ['hall', 'service', 'counter', 'staff'] as const) {
    out.push(unwrap(await server.services.history.report(hall.leader, hall.slug, { ...range, by })).rows);
    out.push(unwrap(await live.report(hall.leader, hall.slug, { ...range, by })).rows);
  }
  for (const day of days) {
    const report = unwrap(await server.services.dailyReport.report(hall.leader, hall.slug, day.day));
    out.push([report.totals, report.ratings, report.services, report.counters, report.governance.refusals, report.governance.cases]);
  }
  return out;
}

async function personalData() {
  const db = handle.db;
  const own = eq(tickets.hallId, hall.hallId);
  const [phones] = await db.select({ n: sql<number>`count(*)::int` }).from(tickets).where(and(own, isNotNull(tickets.phone)));
  const notes = await db.select({ note: tickets.note }).from(tickets).where(and(own, isNotNull(tickets.note)));
  const comments = await db.select({ comment: ratings.comment, level: ratings.level, attitude: ratings.attitude }).from(ratings).where(eq(ratings.hallId, hall.hallId));
  const cases = await db.select().from(unresolvedCases).where(eq(unresolvedCases.hallId, hall.hallId));
  const appts = await db.select().from(appointments).where(eq(appointments.hallId, hall.hallId));
  const messages = await db.select().from(outbox).where(eq(outbox.hallId, hall.hallId));
  return { ticketPhones: Number(phones?.n ?? 0), notes, comments, cases, appts, messages };
}

const everyText = (p: Awaited<ReturnType<typeof personalData>>) =>
  JSON.stringify([p.notes, p.comments, p.cases.map((c) => [c.phone, c.description, c.answer]), p.appts.map((a) => [a.name, a.phone]), p.messages.map((m) => m.recipient)]);

describe('the retention job', () => {
  it('waits for each period, then anonymises; the figures stay, a second run changes nothing', async () => {
    const before = await figures();
    const job = createRetentionJob({ db: handle.db, clock });

    // Within 30 days of the visits nothing is due.
    clock.set('2026-03-31T07:00:00Z');
    const early = await job.runOnce();
    expect(early).toMatchObject({ ran: true });
    expect(early.ran && early.counts[hall.hallId]).toBeFalsy();
    expect((await personalData()).ticketPhones).toBeGreaterThan(0);

    // 30 days after 03-03 (Shanghai): the visits' phones go, except the visit whose 办不成事
    // case keeps its data for the case's own period (180 days after it closed).
    clock.set('2026-04-02T07:00:00Z');
    const contact = await job.runOnce();
    if (!contact.ran) throw new Error('the job did not run');
    const counts = must(contact.counts[hall.hallId]);
    expect(counts.unresolvedCases).toBe(0);
    expect(counts.appointments).toBe(0);
    expect(counts.tickets).toBeGreaterThan(0);
    expect(counts.ratings).toBeGreaterThan(0);
    expect(counts.outboxCancelled).toBe(1);
    expect(counts.outboxScrubbed).toBe(1);
    const mid = await personalData();
    const caseVisit = must(mid.cases.find((c) => c.rootTicketId !== null)).rootTicketId;
    const kept = await handle.db.select({ id: tickets.id, phone: tickets.phone, root: tickets.rootTicketId }).from(tickets).where(isNotNull(tickets.phone));
    expect(kept.filter((t) => t.root !== caseVisit && t.root !== null && mid.cases.every((c) => c.rootTicketId !== t.root))).toEqual([]);
    expect(mid.notes.map((n) => n.note)).toEqual(['请回电 [已删除]']);
    expect(mid.comments.every((c) => c.comment === '很满意，有事打 [已删除]')).toBe(true);
    expect(mid.messages.map((m) => [m.status, m.recipient]).sort()).toEqual([
      ['cancelled', ''],
      ['sent', ''],
    ]);
    expect(mid.cases.every((c) => c.phone === otherPhone)).toBe(true);
    expect(mid.appts[0]).toMatchObject({ name: '张三明', phone: '13700001111' });

    // 180 days after the case closed and the appointment ended: their data go too.
    clock.set('2026-09-01T07:00:00Z');
    const late = await job.runOnce();
    if (!late.ran) throw new Error('the job did not run');
    expect(late.counts[hall.hallId]).toMatchObject({ unresolvedCases: days.length, appointments: 1 });
    const after = await personalData();
    expect(after.ticketPhones).toBe(0);
    expect(everyText(after)).not.toContain(phone);
    expect(everyText(after)).not.toContain(otherPhone);
    expect(everyText(after)).not.toContain('13700001111');
    expect(everyText(after)).not.toContain('460100199001011234');
    expect(everyText(after)).not.toContain('65201234');
    expect(everyText(after)).not.toContain('张三明');
    const closed = must(after.cases.find((c) => c.status === 'closed' && c.outcome === 'registered'));
    expect(closed.description).toBe('身份证 [已删除] 的材料要求不清楚，请联系 [已删除]');
    // Scores and levels of the ratings are what they were.
    expect(after.comments.map((c) => [c.level, c.attitude])).toEqual(mid.comments.map((c) => [c.level, c.attitude]));

    // The figures, rolled up and computed afresh from the anonymised rows, are unchanged.
    clock.set('2026-03-05T07:00:00Z');
    expect(await figures()).toEqual(before);

    // A second run finds nothing left to do.
    clock.set('2026-09-02T07:00:00Z');
    const again = await job.runOnce();
    expect(again).toMatchObject({ ran: true, counts: {} });

    // What it did is on record: the runs, and the hall's audit log (actor system).
    const audit = await handle.db.select().from(adminAudit).where(and(eq(adminAudit.hallId, hall.hallId), eq(adminAudit.entity, 'retention')));
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorUsername === 'system' && a.action === 'anonymise')).toBe(true);
  });

  it('runs once when two processes schedule it at the same moment', async () => {
    const db = handle.db;
    // A visit of its own that is due now, with a message waiting to go to its phone.
    const [ticket] = await db.select().from(tickets).where(eq(tickets.hallId, hall.hallId)).limit(1);
    await db.update(tickets).set({ phone, anonymisedAt: null }).where(eq(tickets.id, must(ticket).id));
    await db.insert(outbox).values({
      hallId: hall.hallId,
      ticketId: must(ticket).id,
      channel: 'sms',
      kind: 'ticket.called',
      recipient: phone,
      payload: {},
      nextAttemptAt: clock.now(),
      createdAt: clock.now(),
    });
    clock.set('2026-10-01T07:00:00Z');
    const runsBefore = (await db.select().from(retentionRuns)).length;
    const one = createRetentionJob({ db, clock });
    const two = createRetentionJob({ db, clock });
    const results = await Promise.all([one.runOnce(), two.runOnce()]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.find((r) => !r.ran)).toMatchObject({ ran: false });
    const ran = must(results.find((r) => r.ran));
    expect(ran.ran && ran.counts[hall.hallId]).toMatchObject({ tickets: 1, outboxCancelled: 1 });
    expect((await db.select().from(retentionRuns)).length).toBe(runsBefore + 1);
    // Within the interval another process's schedule finds the run done.
    clock.advance(60_000);
    expect(await one.runOnce()).toEqual({ ran: false, reason: 'recent' });
    expect((await db.select().from(outbox).where(and(eq(outbox.hallId, hall.hallId), eq(outbox.status, 'pending'))))).toEqual([]);
  });

  it('reads each hall\'s periods from its settings, which admins set within bounds', async () => {
    const cookie = await login(server.url, hall.admin.username, fixturePassword);
    const path = `/api/v1/admin/halls/${hall.slug}/settings`;
    const patch = (json: unknown) => request(server.url, path, { method: 'PATCH', json, cookie, headers: { origin: server.url } });
    expect((await patch({ contactRetentionDays: 0 })).json).toMatchObject({ error: { code: 'VALIDATION' } });
    expect((await patch({ caseRetentionDays: 'forever' })).status).toBe(400);
    const saved = await patch({ contactRetentionDays: 7, caseRetentionDays: 365 });
    expect(saved.json).toMatchObject({ settings: { contactRetentionDays: 7, caseRetentionDays: 365 }, defaults: { contactRetentionDays: 30, caseRetentionDays: 180 } });
    // The citizen pages read the period the phone field states.
    expect(unwrap(await server.services.hallHome.home(hall.slug)).contactRetentionDays).toBe(7);
    expect(unwrap(await server.services.halls.detail(hall.slug)).contactRetentionDays).toBe(7);
    expect(unwrap(await server.services.appointments.bookingOptions(hall.slug)).keptDays).toBe(365);
  });
});
