// Drivers: postgres. Why: two workers on two connection pools claiming at once is the point, and PGlite has one connection.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import { outbox } from '../../db/schema';
import { systemClock } from '../../server/domain/clock';
import { createAliyunSms } from '../../server/services/outbox/aliyun-sms';
import type { ChannelAdapter } from '../../server/services/outbox/channel';
import { createOutboxWorker } from '../../server/services/outbox/worker';
import { openTestDb } from '../support/db';
import { startSmsProvider } from '../support/aliyun-sms-provider';
import { createHallFixture } from '../support/hall-fixture';
import { present } from '../support/results';

const account = { accessKeyId: 'LTAI-two-workers', accessKeySecret: 'two-workers-secret' };

let first: DbHandle & { url: string | null };
let second: DbHandle;

beforeAll(async () => {
  first = await openTestDb('postgres');
  // Another process's worth of database: its own pool on the same database.
  second = await openDb({ url: present(first.url), poolSize: 4 });
});
afterAll(async () => {
  await second.close();
  await first.close();
});

describe('outbox workers in two processes', () => {
  it('never send the same message twice, and together send every one', async () => {
    const hall = await createHallFixture(first.db);
    const total = 300;
    const now = systemClock.now();
    await first.db.insert(outbox).values(
      Array.from({ length: total }, (_, i) => ({
        id: randomUUID(),
        hallId: hall.hallId,
        channel: 'sms' as const,
        kind: 'ticket.called',
        recipient: `138${String(i).padStart(8, '0')}`,
        payload: { number: `A${String(i).padStart(3, '0')}`, counterNumber: 1 + (i % 9) },
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
    const provider = await startSmsProvider(account);
    // Answers take a while, so both workers' rounds overlap the whole time.
    provider.latency(2, 15);
    const config = {
      endpoint: provider.endpoint,
      ...account,
      signName: '琼山政务服务',
      templates: { 'ticket.called': 'SMS_471230001' },
    };
    const options = { batchSize: 8, pollMs: 20 };
    const sentBy = [0, 0];
    const workers = [first, second].map((h, i) => {
      const sms = createAliyunSms(config, systemClock);
      const counted: ChannelAdapter = {
        channel: 'sms',
        deliver: (message, signal) => {
          sentBy[i] = (sentBy[i] ?? 0) + 1;
          return sms.deliver(message, signal);
        },
      };
      return createOutboxWorker({ db: h.db, clock: systemClock, adapters: [counted], options });
    });
    try {
      for (const w of workers) w.start();
      await expect
        .poll(async () => (await first.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.status, 'sent'))).length, {
          timeout: 60_000,
          interval: 100,
        })
        .toBe(total);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await provider.close();
    }
    expect(provider.refused).toEqual([]);
    // Both took part, or nothing was shared.
    expect(sentBy.every((n) => n > 0)).toBe(true);
    // Each message reached the provider once: as many requests as distinct OutIds as messages.
    expect(provider.distinct().size).toBe(total);
    expect(provider.accepted).toHaveLength(total);
    const rows = await first.db.select().from(outbox).where(eq(outbox.hallId, hall.hallId));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.providerMessageId === provider.distinct().get(r.id)?.bizId)).toBe(true);
  });

  it('a stopped worker claims nothing more', async () => {
    const hall = await createHallFixture(first.db);
    const provider = await startSmsProvider(account);
    const w = createOutboxWorker({
      db: first.db,
      clock: systemClock,
      adapters: [createAliyunSms({ endpoint: provider.endpoint, ...account, signName: 's', templates: { 'ticket.called': 'SMS_1' } }, systemClock)],
      options: { pollMs: 20 },
    });
    w.start();
    await w.stop();
    const now = systemClock.now();
    await first.db.insert(outbox).values({
      hallId: hall.hallId,
      channel: 'sms',
      kind: 'ticket.called',
      recipient: '13800000000',
      payload: { number: 'A001', counterNumber: 1 },
      nextAttemptAt: now,
      createdAt: now,
    });
    await new Promise((r) => setTimeout(r, 200));
    await provider.close();
    expect(provider.accepted).toEqual([]);
    const [row] = await first.db.select().from(outbox).where(eq(outbox.hallId, hall.hallId));
    expect(row?.status).toBe('pending');
  });
});
