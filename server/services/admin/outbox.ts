import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { outbox, webhookSubscribers } from '../../../db/schema';
import type { OutboxMessageView, OutboxQuery } from '../../contracts/admin';
import type { Clock } from '../../domain/clock';
import { maskPhone } from '../../domain/masking';
import { type Result, fail, ok } from '../result';
import { type AdminContext, adminHall } from './access';

type OutboxRow = typeof outbox.$inferSelect;

/** Who a message is for, as the admin reads it: a masked phone, or the webhook subscriber's URL. */
function recipientOf(row: OutboxRow, webhookUrls: ReadonlyMap<string, string>): string {
  if (row.channel === 'sms') return maskPhone(row.recipient);
  if (row.channel === 'webhook') return webhookUrls.get(row.recipient) ?? row.recipient;
  return row.recipient;
}

function viewOf(row: OutboxRow, webhookUrls: ReadonlyMap<string, string>): OutboxMessageView {
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    recipient: recipientOf(row, webhookUrls),
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    providerMessageId: row.providerMessageId,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** A hall's outgoing messages for its admins: what waits, what went, what died and why; a dead one sent again. */
export function createOutboxAdmin({ db, clock }: { db: Db; clock: Clock }) {
  async function webhookUrlsOf(hallId: string): Promise<Map<string, string>> {
    const rows = await db.select({ id: webhookSubscribers.id, url: webhookSubscribers.url }).from(webhookSubscribers).where(eq(webhookSubscribers.hallId, hallId));
    return new Map(rows.map((r) => [r.id, r.url]));
  }

  async function list(ctx: AdminContext, hallRef: string, query: OutboxQuery) {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const counted = await db
      .select({ status: outbox.status, n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.hallId, hall.data.id))
      .groupBy(outbox.status);
    const counts = { pending: 0, sending: 0, sent: 0, dead: 0, cancelled: 0 };
    for (const c of counted) counts[c.status] = Number(c.n);
    const rows = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.hallId, hall.data.id), query.status ? eq(outbox.status, query.status) : undefined))
      .orderBy(desc(outbox.createdAt))
      .limit(100);
    const urls = await webhookUrlsOf(hall.data.id);
    return ok({ counts, messages: rows.map((r) => viewOf(r, urls)) });
  }

  /** A dead message gets a fresh set of attempts (after the cause, e.g. the SMS account, was fixed). */
  async function resend(ctx: AdminContext, hallRef: string, messageId: string): Promise<Result<{ message: OutboxMessageView }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const [row] = await db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: clock.now(), leaseUntil: null, leaseToken: null })
      .where(and(eq(outbox.id, messageId), eq(outbox.hallId, hall.data.id), eq(outbox.status, 'dead')))
      .returning();
    if (row) return ok({ message: viewOf(row, await webhookUrlsOf(hall.data.id)) });
    const [exists] = await db
      .select({ status: outbox.status })
      .from(outbox)
      .where(and(eq(outbox.id, messageId), eq(outbox.hallId, hall.data.id)));
    return exists
      ? fail('CONFLICT', `The message is ${exists.status}; only a dead message can be sent again`)
      : fail('NOT_FOUND', 'Message not found');
  }

  return { list, resend };
}
