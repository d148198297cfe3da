// Drivers: both. Why: each message is written by a raw INSERT … SELECT … WHERE NOT EXISTS under an advisory lock inside the causing command's transaction, and delivered by the worker's FOR UPDATE SKIP LOCKED claim.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { type HallSettings, halls, outbox, services as serviceTable, tickets } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { type AliyunSmsConfig, createAliyunSms } from '../../server/services/outbox/aliyun-sms';
import { createOutboxWorker } from '../../server/services/outbox/worker';
import { openTestDb } from '../support/db';
import { type SmsProvider, startSmsProvider } from '../support/aliyun-sms-provider';
import { createHallFixture } from '../support/hall-fixture';
import { present, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';
const HOUR = 3_600_000;
const account = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret' };
const templates = {
  'ticket.called': 'SMS_471230001',
  'ticket.nearly': 'SMS_471230002',
  'ticket.no_show': 'SMS_471230003',
  'conditional.due': 'SMS_471230004',
  'conditional.overdue': 'SMS_471230005',
  'rating.answered': 'SMS_471230006',
};
const allOn: Partial<HallSettings> = { smsNearlyAhead: true, smsNoShow: true, smsConditional: true, smsRatingAnswer: true };

describe('what citizens receive by SMS', () => {
  let handle: DbHandle;
  let provider: SmsProvider | null = null;
  let clock: FakeClock;

  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });
  afterEach(async () => {
    await provider?.close();
    provider = null;
  });

  async function setup(settings: Partial<HallSettings> = allOn, counters = 1) {
    // The worker serves every hall of the file's database: earlier tests' leftovers are set aside.
    await handle.db.update(outbox).set({ status: 'dead' }).where(inArray(outbox.status, ['pending', 'sending']));
    clock = createFakeClock(start);
    const services = createServices({ db: handle.db, clock, rateLimits: { kind: 'off' }, smsKinds: Object.keys(templates) });
    const hall = await createHallFixture(handle.db, {
      services: [{ prefix: 'A' }],
      counters: Array.from({ length: counters }, (_, i) => ({ number: i + 1, serves: ['A'] })),
      settings: { conditionalMaxDays: 5, conditionalReminderDays: 2, ...settings },
    });
    const clerk = hall.staffOf(1);
    const counterId = present(hall.counterIds[1]);
    const issue = async (phone?: string) =>
      unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), ...(phone ? { phone } : {}) }));
    const callNext = async () => unwrap(await services.counters.callNext(clerk, counterId));
    const serveNext = async () => {
      const called = await callNext();
      unwrap(await services.counters.start(clerk, counterId));
      return present(called.ticket);
    };
    const messages = () => handle.db.select().from(outbox).where(eq(outbox.hallId, hall.hallId)).orderBy(outbox.createdAt);
    const ofKind = async (kind: string) => (await messages()).filter((m) => m.kind === kind);
    const anonymise = (ticketId: string) =>
      handle.db.update(tickets).set({ phone: null, anonymisedAt: clock.now() }).where(eq(tickets.id, ticketId));
    return { services, hall, clerk, counterId, issue, callNext, serveNext, messages, ofKind, anonymise };
  }

  async function deliverAll(config: Partial<AliyunSmsConfig> = {}) {
    provider ??= await startSmsProvider(account, () => clock.now());
    const adapter = createAliyunSms({ endpoint: provider.endpoint, ...account, signName: '琼山政务服务', templates, ...config }, clock);
    const worker = createOutboxWorker({ db: handle.db, clock, adapters: [adapter] });
    while ((await worker.tick()) > 0);
    return provider;
  }

  it('快到您了: the ticket that comes to N ahead is texted once, however many calls follow', async () => {
    const s = await setup();
    const issued = [];
    for (let i = 1; i <= 7; i += 1) issued.push(await s.issue(`1380013810${i}`));
    const [t1, t2, t3, t4, t5, t6, t7] = issued;
    expect((await s.callNext()).ticket?.number).toBe(present(t1).number);
    // Waiting now t2 t3 t4 | t5: three ahead of t5.
    expect((await s.ofKind('ticket.nearly')).map((m) => m.ticketId)).toEqual([present(t5).id]);

    // Out of turn from the back: t5 is still three ahead, and is not texted again.
    unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    unwrap(await s.services.counters.callChosen(s.clerk, s.counterId, present(t7).id, '老人优先办理'));
    unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    expect((await s.ofKind('ticket.nearly')).map((m) => m.ticketId)).toEqual([present(t5).id]);

    for (const expected of [t2, t3, t4, t5, t6]) {
      expect((await s.callNext()).ticket?.number).toBe(present(expected).number);
      unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    }
    // t6 crossed at the call of t2; nobody else ever stood three from the front.
    const near = await s.ofKind('ticket.nearly');
    expect(near.map((m) => [m.ticketId, m.recipient])).toEqual([
      [present(t5).id, '13800138105'],
      [present(t6).id, '13800138106'],
    ]);

    const p = await deliverAll();
    // One round sends its batch in parallel: the provider's order is not the queue's.
    const texts = p.accepted.filter((m) => m.templateCode === templates['ticket.nearly']).sort((a, b) => a.phoneNumbers.localeCompare(b.phoneNumbers));
    expect(texts.map((m) => [m.phoneNumbers, m.templateParam])).toEqual([
      ['13800138105', { number: present(t5).number, ahead: '3' }],
      ['13800138106', { number: present(t6).number, ahead: '3' }],
    ]);
    expect(p.refused).toEqual([]);
  });

  it('快到您了 also when someone ahead cancels or asks for more time', async () => {
    const s = await setup({ smsNearlyAhead: true, nearlyAhead: 2, delayMinutes: 60, delayMaxPlaces: 5 });
    const issued: Array<{ id: string; token: string }> = [];
    for (let i = 1; i <= 5; i += 1) {
      issued.push(await s.issue(`1380013812${i}`));
      clock.advance(60_000);
    }
    const t = (n: number) => present(issued[n - 1]);
    unwrap(await s.services.tickets.cancel(t(1).token));
    // t2 t3 | t4: two ahead of t4.
    expect((await s.ofKind('ticket.nearly')).map((m) => m.ticketId)).toEqual([t(4).id]);
    unwrap(await s.services.citizenTickets.delay(t(2).token));
    // t2 went back behind t5 (one place a minute of work, at most five): t3 t4 | t5.
    expect((await s.ofKind('ticket.nearly')).map((m) => m.ticketId)).toEqual([t(4).id, t(5).id]);
  });

  it('快到您了 with two counters calling at once: every ticket that passes N ahead is texted, once', async () => {
    const s = await setup({ smsNearlyAhead: true, nearlyAhead: 3 }, 2);
    const issued = [];
    for (let i = 10; i < 22; i += 1) issued.push(await s.issue(`138001381${i}`));
    const callAndMiss = async (n: 1 | 2) => {
      const counterId = present(s.hall.counterIds[n]);
      const called = unwrap(await s.services.counters.callNext(s.hall.staffOf(n), counterId));
      if (called.ticket) unwrap(await s.services.counters.noShow(s.hall.staffOf(n), counterId));
      return called.ticket;
    };
    for (let round = 0; round < 6; round += 1) await Promise.all([callAndMiss(1), callAndMiss(2)]);
    const near = await s.ofKind('ticket.nearly');
    // The first four started within three of the front; each of the other eight passed it once.
    expect(near.map((m) => m.ticketId).sort()).toEqual(issued.slice(4).map((t) => t.id).sort());
  });

  it('过号: the missed number is texted once with the rejoin deadline; never when it cannot rejoin', async () => {
    const s = await setup({ ...allOn, rejoinMinutes: 15 });
    const missed = await s.issue('13800138201');
    await s.callNext();
    unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    const [row, ...others] = await s.ofKind('ticket.no_show');
    expect(others).toEqual([]);
    expect(row).toMatchObject({ ticketId: missed.id, recipient: '13800138201', status: 'pending' });

    const p = await deliverAll();
    expect(p.accepted.map((m) => [m.templateCode, m.phoneNumbers, m.templateParam])).toEqual([
      [templates['ticket.no_show'], '13800138201', { number: missed.number, minutes: '15', time: '10:15' }],
    ]);

    const noRejoin = await setup({ ...allOn, rejoinLimit: 0 });
    await noRejoin.issue('13800138202');
    await noRejoin.callNext();
    unwrap(await noRejoin.services.counters.noShow(noRejoin.clerk, noRejoin.counterId));
    expect(await noRejoin.messages()).toEqual([]);
  });

  it('容缺: one reminder before the deadline and one notice when it is overdue, per acceptance', async () => {
    const s = await setup();
    const issued = await s.issue('13800138301');
    await s.serveNext();
    // Due Monday 30 November (end of day); the hall reminds two days before.
    unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: ['户口簿原件'], commitment: 'paper', deadline: '2026-11-30' }));
    expect(await s.services.conditionalReminders.sweep()).toBe(0);
    expect(await s.ofKind('conditional.due')).toEqual([]);

    clock.advance(24 * HOUR); // Saturday: two days left.
    expect(await s.services.conditionalReminders.sweepHall(await hallRow(s.hall.hallId))).toBe(1);
    await s.services.conditionalReminders.sweep();
    clock.advance(24 * HOUR);
    await s.services.conditionalReminders.sweep();
    expect((await s.ofKind('conditional.due')).map((m) => m.ticketId)).toEqual([issued.id]);
    expect(await s.ofKind('conditional.overdue')).toEqual([]);

    clock.advance(2 * 24 * HOUR); // Tuesday 1 December: overdue.
    await s.services.conditionalReminders.sweep();
    await s.services.conditionalReminders.sweep();
    expect((await s.ofKind('conditional.overdue')).map((m) => m.recipient)).toEqual(['13800138301']);

    const p = await deliverAll();
    const service = await serviceName(s.hall.serviceIds.A);
    const sent = [...p.accepted].sort((a, b) => a.templateCode.localeCompare(b.templateCode));
    expect(sent.map((m) => [m.templateCode, m.phoneNumbers, m.templateParam])).toEqual([
      [templates['conditional.due'], '13800138301', { service, deadline: '11月30日' }],
      [templates['conditional.overdue'], '13800138301', { service, deadline: '11月30日' }],
    ]);
  });

  it('差评答复: the hall’s answer reaches the phone of the rated visit once, cut to the template’s 35 characters', async () => {
    const s = await setup();
    const issued = await s.issue('13800138401');
    await s.serveNext();
    unwrap(await s.services.counters.complete(s.clerk, s.counterId, {}));
    unwrap(await s.services.tickets.rate(issued.token, { level: 'dissatisfied', comment: '等太久' }));
    const orderId = present(unwrap(await s.services.workOrders.list(s.hall.leader, s.hall.slug)).orders[0]).id;
    unwrap(await s.services.workOrders.advance(s.hall.leader, orderId, { step: 'verify', note: '核实' }));
    unwrap(await s.services.workOrders.advance(s.hall.leader, orderId, { step: 'rectify', note: '整改' }));
    expect(await s.ofKind('rating.answered')).toEqual([]);
    const answer = '经核实，当天A类业务窗口只开了一个，已增开窗口并调整午间排班，感谢您的监督，欢迎再次评价。';
    unwrap(await s.services.workOrders.advance(s.hall.leader, orderId, { step: 'answer', note: '答复', answer }));
    const [row, ...others] = await s.ofKind('rating.answered');
    expect(others).toEqual([]);
    expect(row).toMatchObject({ ticketId: issued.id, recipient: '13800138401' });

    const p = await deliverAll();
    const [sms] = p.accepted;
    expect(p.accepted).toHaveLength(1);
    expect(sms).toMatchObject({ templateCode: templates['rating.answered'], phoneNumbers: '13800138401' });
    const sent = present(sms).templateParam as { number: string; answer: string };
    expect(sent.number).toBe(issued.number);
    expect([...sent.answer]).toHaveLength(35);
    expect(sent.answer).toBe(`${[...answer].slice(0, 34).join('')}…`);
  });

  it('an anonymised phone receives nothing', async () => {
    const s = await setup();
    const ids = [];
    for (let i = 1; i <= 5; i += 1) ids.push((await s.issue(`1380013850${i}`)).id);
    // The one who will be three ahead, and the one who will be missed, lost their phones to retention.
    await s.anonymise(present(ids[4]));
    await s.anonymise(present(ids[0]));
    await s.callNext();
    unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    expect(await s.messages()).toEqual([]);

    // A rated visit anonymised before the hall answers: the answer is on record, not texted.
    const r = await setup({ smsRatingAnswer: true });
    const rated = await r.issue('13800138599');
    await r.serveNext();
    unwrap(await r.services.counters.complete(r.clerk, r.counterId, {}));
    unwrap(await r.services.tickets.rate(rated.token, { level: 'very_dissatisfied' }));
    await r.anonymise(rated.id);
    const orderId = present(unwrap(await r.services.workOrders.list(r.hall.leader, r.hall.slug)).orders[0]).id;
    for (const step of ['verify', 'rectify'] as const) unwrap(await r.services.workOrders.advance(r.hall.leader, orderId, { step, note: step }));
    unwrap(await r.services.workOrders.advance(r.hall.leader, orderId, { step: 'answer', note: '答复', answer: '已整改' }));
    expect(await r.messages()).toEqual([]);
    expect(await deliverAll().then((p) => p.accepted)).toEqual([]);
  });

  it('with the settings off nothing is queued', async () => {
    const s = await setup({});
    for (let i = 1; i <= 6; i += 1) await s.issue(`1380013860${i}`);
    await s.callNext();
    unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    await s.serveNext();
    unwrap(await s.services.conditional.accept(s.clerk, s.counterId, { missingItems: ['户口簿原件'], commitment: 'paper', deadline: '2026-11-27' }));
    clock.advance(24 * HOUR);
    expect(await s.services.conditionalReminders.sweep()).toBe(0);
    expect(await s.messages()).toEqual([]);
  });

  it('a kind without its template is dead at once, saying which variable to set', async () => {
    const s = await setup();
    const missed = await s.issue('13800138701');
    await s.callNext();
    unwrap(await s.services.counters.noShow(s.clerk, s.counterId));
    const p = await deliverAll({ templates: { 'ticket.called': templates['ticket.called'] } });
    expect(p.accepted).toEqual([]);
    const [row] = await s.ofKind('ticket.no_show');
    expect(row).toMatchObject({ ticketId: missed.id, status: 'dead', attempts: 1 });
    expect(row?.lastError).toBe('no SMS template is configured for ticket.no_show: set ALIYUN_SMS_TEMPLATE_NO_SHOW');
  });

  async function hallRow(hallId: string) {
    return present((await handle.db.select().from(halls).where(eq(halls.id, hallId)))[0]);
  }

  async function serviceName(serviceId: string | undefined) {
    const [row] = await handle.db.select({ name: serviceTable.name }).from(serviceTable).where(eq(serviceTable.id, present(serviceId)));
    return present(row).name;
  }
});
