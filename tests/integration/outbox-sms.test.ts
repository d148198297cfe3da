// Drivers: both. Why: the outbox row is written inside call-next's transaction (raw INSERT … SELECT for transfers) and the worker's claim is an UPDATE … FOR UPDATE SKIP LOCKED with leases.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { type HallSettings, outbox } from '../../db/schema';
import { type FakeClock, createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import type { Account } from '../../server/services/actors';
import { type AliyunSmsConfig, createAliyunSms, signedSendSms } from '../../server/services/outbox/aliyun-sms';
import type { ChannelAdapter } from '../../server/services/outbox/channel';
import { type OutboxWorkerOptions, createOutboxWorker } from '../../server/services/outbox/worker';
import { openTestDb } from '../support/db';
import { type SmsProvider, startSmsProvider } from '../support/aliyun-sms-provider';
import { createHallFixture } from '../support/hall-fixture';
import { errorCode, present, unwrap } from '../support/results';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const start = '2026-11-27T02:00:00Z';
const account = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret/with+odd=chars' };
const calledTemplate = 'SMS_471230001';

let handle: DbHandle;
let provider: SmsProvider;
let clock: FakeClock;

beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});
afterEach(async () => {
  await provider.close();
});

function smsConfig(overrides: Partial<AliyunSmsConfig> = {}): AliyunSmsConfig {
  return {
    endpoint: provider.endpoint,
    ...account,
    signName: '琼山政务服务',
    templates: { 'ticket.called': calledTemplate },
    ...overrides,
  };
}

const fastOptions: Partial<OutboxWorkerOptions> = { leaseMs: 30_000, baseDelayMs: 2_000, maxDelayMs: 60_000, maxAttempts: 8 };

function worker(adapter: ChannelAdapter, options: Partial<OutboxWorkerOptions> = {}) {
  return createOutboxWorker({ db: handle.db, clock, adapters: [adapter], options: { ...fastOptions, ...options } });
}

async function setup(settings: Partial<HallSettings> = { smsOnCall: true }) {
  // The workers here serve every hall of the file's database: earlier tests' leftovers are set aside.
  await handle.db.update(outbox).set({ status: 'dead' }).where(inArray(outbox.status, ['pending', 'sending']));
  clock = createFakeClock(start);
  provider = await startSmsProvider(account, () => clock.now());
  const services = createServices({ db: handle.db, clock, rateLimits: { kind: 'off' }, smsKinds: ['ticket.called'] });
  const hall = await createHallFixture(handle.db, {
    services: [{ prefix: 'A' }, { prefix: 'B' }],
    counters: [
      { number: 1, serves: ['A'] },
      { number: 2, serves: ['B'] },
    ],
    settings,
  });
  const issue = async (phone?: string, prefix = 'A') =>
    unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds[prefix]), ...(phone ? { phone } : {}) }));
  const callNext = async (n = 1) => unwrap(await services.counters.callNext(hall.staffOf(n), present(hall.counterIds[n])));
  const messages = () => handle.db.select().from(outbox).where(eq(outbox.hallId, hall.hallId));
  return { services, hall, issue, callNext, messages };
}

describe('无声叫号: the called SMS through the outbox', () => {
  it('a called ticket with a phone produces exactly one SMS with the template and its parameters', async () => {
    const s = await setup();
    const ticket = await s.issue('13800138001');
    const called = await s.callNext();
    expect(called.ticket?.number).toBe(ticket.number);
    const [queued, ...others] = await s.messages();
    expect(others).toHaveLength(0);
    expect(queued).toMatchObject({ channel: 'sms', kind: 'ticket.called', recipient: '13800138001', status: 'pending', ticketId: ticket.id });

    const w = worker(createAliyunSms(smsConfig(), clock));
    expect(await w.tick()).toBe(1);
    expect(await w.tick()).toBe(0);
    expect(provider.refused).toEqual([]);
    expect(provider.accepted).toHaveLength(1);
    const sms = present(provider.accepted[0]);
    expect(sms).toMatchObject({
      outId: queued?.id,
      phoneNumbers: '13800138001',
      signName: '琼山政务服务',
      templateCode: calledTemplate,
      templateParam: { number: ticket.number, counter: '1' },
    });
    const [sent] = await s.messages();
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: sms.bizId, lastError: null, leaseUntil: null });
    expect(sent?.sentAt?.toISOString()).toBe(clock.now().toISOString());
  });

  it('a ticket without a phone, or a hall with SMS off, produces nothing', async () => {
    const s = await setup();
    await s.issue();
    await s.callNext();
    expect(await s.messages()).toEqual([]);
    await provider.close();

    // What the phone fields may promise follows the setting and the server's SMS account: the hall's page and its API say it.
    expect(unwrap(await s.services.halls.detail(s.hall.slug)).textsOnCall).toBe(true);
    expect(unwrap(await s.services.hallHome.home(s.hall.slug)).textsOnCall).toBe(true);

    const off = await setup({ smsOnCall: false });
    expect(unwrap(await off.services.halls.detail(off.hall.slug)).textsOnCall).toBe(false);
    expect(unwrap(await off.services.hallHome.home(off.hall.slug)).textsOnCall).toBe(false);
    // …and the server: a hall with it on promises nothing while no account and called template are set.
    const unconfigured = createServices({ db: handle.db, clock, rateLimits: { kind: 'off' }, smsKinds: ['ticket.nearly'] });
    expect(unwrap(await unconfigured.halls.detail(s.hall.slug)).textsOnCall).toBe(false);
    expect(unwrap(await unconfigured.hallHome.home(s.hall.slug)).textsOnCall).toBe(false);
    await off.issue('13800138002');
    await off.callNext();
    expect(await off.messages()).toEqual([]);
    expect(await worker(createAliyunSms(smsConfig(), clock)).tick()).toBe(0);
    expect(provider.accepted).toEqual([]);
  });

  it('a transferred visit is texted at the phone its first ticket was taken with', async () => {
    const s = await setup();
    const ticket = await s.issue('13800138003');
    await s.callNext(1);
    unwrap(await s.services.counters.start(s.hall.staffOf(1), present(s.hall.counterIds[1])));
    unwrap(await s.services.counters.transfer(s.hall.staffOf(1), present(s.hall.counterIds[1]), { serviceId: present(s.hall.serviceIds.B) }));
    const second = await s.callNext(2);
    expect(second.ticket?.number).toBe(ticket.number);
    const rows = await s.messages();
    expect(rows.map((r) => [r.recipient, (r.payload as { counterNumber: number }).counterNumber])).toEqual([
      ['13800138003', 1],
      ['13800138003', 2],
    ]);
  });

  it('a number called out of turn is texted too, once', async () => {
    const s = await setup();
    await s.issue('13800138010');
    const chosen = await s.issue('13800138011');
    unwrap(await s.services.counters.callChosen(s.hall.staffOf(1), present(s.hall.counterIds[1]), chosen.id, '老人优先办理'));
    const rows = await s.messages();
    expect(rows.map((r) => [r.recipient, r.ticketId])).toEqual([['13800138011', chosen.id]]);
  });

  it('a provider failing three times then succeeding delivers once, after growing waits', async () => {
    const s = await setup();
    await s.issue('13800138004');
    await s.callNext();
    provider.failNext(3);
    const w = worker(createAliyunSms(smsConfig(), clock));
    for (let failure = 1; failure <= 3; failure += 1) {
      expect(await w.tick()).toBe(1);
      const [row] = await s.messages();
      expect(row).toMatchObject({ status: 'pending', attempts: failure });
      expect(row?.lastError).toContain('isp.SYSTEM_ERROR');
      const wait = present(row).nextAttemptAt.getTime() - clock.now().getTime();
      // base·2^(n−1) with jitter in its upper half.
      expect(wait).toBeGreaterThanOrEqual(1_000 * 2 ** (failure - 1));
      expect(wait).toBeLessThanOrEqual(2_000 * 2 ** (failure - 1));
      // Not due before its time…
      clock.advance(wait - 1);
      expect(await w.tick()).toBe(0);
      clock.advance(1);
    }
    expect(await w.tick()).toBe(1);
    expect(provider.refused.map((r) => r.code)).toEqual(['isp.SYSTEM_ERROR', 'isp.SYSTEM_ERROR', 'isp.SYSTEM_ERROR']);
    expect(provider.accepted).toHaveLength(1);
    const [row] = await s.messages();
    expect(row).toMatchObject({ status: 'sent', attempts: 4, providerMessageId: provider.accepted[0]?.bizId });
    expect(await w.tick()).toBe(0);
  });

  it('a message is dead after the attempt limit, and not tried again', async () => {
    const s = await setup();
    await s.issue('13800138005');
    await s.callNext();
    provider.failNext(100);
    const w = worker(createAliyunSms(smsConfig(), clock), { maxAttempts: 3 });
    for (let i = 0; i < 3; i += 1) {
      expect(await w.tick()).toBe(1);
      clock.advance(60_000);
    }
    expect(await w.tick()).toBe(0);
    const [row] = await s.messages();
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(provider.refused).toHaveLength(3);
  });

  it('admins see the hall’s messages by status, phones masked, and send a dead one again', async () => {
    const s = await setup();
    await s.issue('13800138009');
    await s.callNext();
    provider.failNext(100);
    const w = worker(createAliyunSms(smsConfig(), clock), { maxAttempts: 2 });
    expect(await w.tick()).toBe(1);
    clock.advance(60_000);
    expect(await w.tick()).toBe(1);
    const a = s.hall.admin;
    const ctx = { account: { ...a, hall: { id: s.hall.hallId, slug: s.hall.slug, name: 'hall' } } satisfies Account, ip: '127.0.0.1' };
    const listed = unwrap(await s.services.admin.outbox.list(ctx, s.hall.slug, { status: 'dead' }));
    expect(listed.counts).toEqual({ pending: 0, sending: 0, sent: 0, dead: 1, cancelled: 0 });
    const [dead] = listed.messages;
    expect(dead).toMatchObject({ kind: 'ticket.called', recipient: '138****8009', status: 'dead', attempts: 2 });
    expect(dead?.lastError).toContain('isp.SYSTEM_ERROR');

    const resent = unwrap(await s.services.admin.outbox.resend(ctx, s.hall.slug, present(dead).id));
    expect(resent.message).toMatchObject({ status: 'pending', attempts: 0 });
    provider.failNext(0);
    expect(await w.tick()).toBe(1);
    expect(provider.accepted.map((m) => m.outId)).toEqual([dead?.id]);
    expect(errorCode(await s.services.admin.outbox.resend(ctx, s.hall.slug, present(dead).id))).toBe('CONFLICT');

    // Another hall's admin neither sees nor resends them.
    const other = await createHallFixture(handle.db);
    const otherCtx = { account: { ...other.admin, hall: { id: other.hallId, slug: other.slug, name: 'other' } } satisfies Account, ip: '127.0.0.1' };
    expect(errorCode(await s.services.admin.outbox.list(otherCtx, s.hall.slug, {}))).toBe('FORBIDDEN');
    expect(errorCode(await s.services.admin.outbox.resend(otherCtx, other.slug, present(dead).id))).toBe('NOT_FOUND');
  });

  it('a number the provider rejects is dead at once', async () => {
    const s = await setup();
    await s.issue('13800138006');
    await s.callNext();
    await handle.db.update(outbox).set({ recipient: '1380013800' }).where(eq(outbox.hallId, s.hall.hallId));
    expect(await worker(createAliyunSms(smsConfig(), clock)).tick()).toBe(1);
    const [row] = await s.messages();
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row?.lastError).toContain('isv.MOBILE_NUMBER_ILLEGAL');
  });

  it('a worker that dies mid-send loses its lease; the message is sent again and is one message at the provider', async () => {
    const s = await setup();
    await s.issue('13800138007');
    await s.callNext();
    const real = createAliyunSms(smsConfig(), clock);
    // The provider accepts, then the process dies before the receipt is stored: the round never ends.
    const dying: ChannelAdapter = {
      channel: 'sms',
      deliver: async (message, signal) => {
        await real.deliver(message, signal);
        return new Promise(() => {});
      },
    };
    void worker(dying).tick();
    await expect.poll(() => provider.accepted.length).toBe(1);
    const [held] = await s.messages();
    expect(held).toMatchObject({ status: 'sending', attempts: 1 });

    const survivor = worker(real);
    // While the lease holds, nobody else takes it.
    clock.advance(29_000);
    expect(await survivor.tick()).toBe(0);
    clock.advance(1_000);
    expect(await survivor.tick()).toBe(1);
    const [row] = await s.messages();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    // Two requests with one OutId: at least once to the provider, once per message id.
    expect(provider.accepted.map((m) => m.outId)).toEqual([row?.id, row?.id]);
    expect(provider.distinct().size).toBe(1);
    expect(row?.providerMessageId).toBe(provider.accepted[0]?.bizId);
  });

  it('the provider refuses a bad signature, so its check is real', async () => {
    const s = await setup();
    await s.issue('13800138008');
    await s.callNext();
    // A wrong secret: the adapter's request is refused, and the message waits for a retry.
    expect(await worker(createAliyunSms(smsConfig({ accessKeySecret: 'not-the-secret' }), clock)).tick()).toBe(1);
    expect(provider.refused.map((r) => r.code)).toEqual(['SignatureDoesNotMatch']);
    const [row] = await s.messages();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toContain('SignatureDoesNotMatch');

    // A well-signed request changed after signing (another phone) is refused too…
    const signed = signedSendSms(smsConfig(), { PhoneNumbers: '13800138008', SignName: 'x', TemplateCode: calledTemplate, OutId: 'o-1' }, clock.now(), 'nonce-1');
    const post = (params: Record<string, string>) =>
      fetch(provider.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { Code: string } }));
    expect(await post({ ...signed, PhoneNumbers: '13900139000' })).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    // …while the same request untouched is accepted, once: its nonce cannot be replayed.
    expect(await post(signed)).toMatchObject({ status: 200, body: { Code: 'OK' } });
    expect(await post(signed)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });

    // With the right secret the waiting message goes out.
    clock.advance(60_000);
    expect(await worker(createAliyunSms(smsConfig(), clock)).tick()).toBe(1);
    expect(provider.accepted.map((m) => m.outId)).toEqual(['o-1', row?.id]);
  });
});
