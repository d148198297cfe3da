import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { outbox, webhookSubscribers } from '../../../db/schema';
import type { WebhookCreateBody, WebhookSubscriberView, WebhookUpdateBody } from '../../contracts/admin';
import type { RunCommand } from '../command';
import { type Result, ok, refuse } from '../result';
import { type AdminContext, adminActorId, adminHall } from './access';
import { writeAudit } from './audit';

type SubscriberRow = typeof webhookSubscribers.$inferSelect;

function viewOf(row: SubscriberRow): WebhookSubscriberView {
  return { id: row.id, url: row.url, eventTypes: row.eventTypes, active: row.active, createdAt: row.createdAt.toISOString() };
}

/** What the audit records of a subscriber: never its secret. */
const audited = (row: SubscriberRow) => ({ url: row.url, eventTypes: row.eventTypes, active: row.active });

/** 32 random bytes as hex, prefixed so a leaked one is recognisable in logs and scanners. */
const newSecret = () => `whsec_${randomBytes(32).toString('hex')}`;

/**
 * A hall's webhook subscribers, for its admins: add one (its secret is answered this once),
 * change its URL, filter or active flag, delete it. Pausing stops new messages; those
 * already queued are still delivered. Deleting cancels what is still queued for it.
 */
export function createWebhookAdmin({ db, runCommand }: { db: Db; runCommand: RunCommand }) {
  async function list(ctx: AdminContext, hallRef: string): Promise<Result<{ subscribers: WebhookSubscriberView[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const rows = await db
      .select()
      .from(webhookSubscribers)
      .where(eq(webhookSubscribers.hallId, hall.data.id))
      .orderBy(asc(webhookSubscribers.createdAt), asc(webhookSubscribers.id));
    return ok({ subscribers: rows.map(viewOf) });
  }

  async function create(ctx: AdminContext, hallRef: string, body: WebhookCreateBody): Promise<Result<{ subscriber: WebhookSubscriberView; secret: string }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const hallId = hall.data.id;
    return runCommand({ actor: adminActorId(ctx.account), hallId, request: { op: 'webhook.create', ...body } }, async ({ tx, now }) => {
      const secret = newSecret();
      const [row] = await tx
        .insert(webhookSubscribers)
        .values({ hallId, url: body.url, secret, eventTypes: body.eventTypes ?? null, active: body.active ?? true, createdAt: now })
        .returning();
      if (!row) refuse('CONFLICT', 'The subscriber was not created');
      await writeAudit(tx, ctx, now, { hallId, entity: 'webhook', entityId: row.id, action: 'create', before: null, after: audited(row) });
      return { subscriber: viewOf(row), secret };
    });
  }

  async function update(ctx: AdminContext, hallRef: string, id: string, body: WebhookUpdateBody): Promise<Result<{ subscriber: WebhookSubscriberView }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const hallId = hall.data.id;
    return runCommand({ actor: adminActorId(ctx.account), hallId, request: { op: 'webhook.update', id, ...body } }, async ({ tx, now }) => {
      const [before] = await tx
        .select()
        .from(webhookSubscribers)
        .where(and(eq(webhookSubscribers.id, id), eq(webhookSubscribers.hallId, hallId)))
        .for('update');
      if (!before) refuse('NOT_FOUND', 'Webhook subscriber not found');
      const [row] = await tx.update(webhookSubscribers).set(body).where(eq(webhookSubscribers.id, id)).returning();
      if (!row) refuse('NOT_FOUND', 'Webhook subscriber not found');
      const action = body.active === false && before.active ? 'pause' : body.active === true && !before.active ? 'resume' : 'update';
      await writeAudit(tx, ctx, now, { hallId, entity: 'webhook', entityId: id, action, before: audited(before), after: audited(row) });
      return { subscriber: viewOf(row) };
    });
  }

  async function remove(ctx: AdminContext, hallRef: string, id: string): Promise<Result<{ ok: true }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const hallId = hall.data.id;
    return runCommand({ actor: adminActorId(ctx.account), hallId, request: { op: 'webhook.delete', id } }, async ({ tx, now }) => {
      const [before] = await tx
        .delete(webhookSubscribers)
        .where(and(eq(webhookSubscribers.id, id), eq(webhookSubscribers.hallId, hallId)))
        .returning();
      if (!before) refuse('NOT_FOUND', 'Webhook subscriber not found');
      // Nowhere to deliver them any more: what waits is cancelled (a send in flight ends as
      // its receiver answers), and the list keeps them with the reason.
      await tx
        .update(outbox)
        .set({ status: 'cancelled', leaseUntil: null, leaseToken: null, lastError: 'cancelled: the webhook subscriber was deleted' })
        .where(and(eq(outbox.hallId, hallId), eq(outbox.channel, 'webhook'), eq(outbox.recipient, id), inArray(outbox.status, ['pending', 'dead'])));
      await writeAudit(tx, ctx, now, { hallId, entity: 'webhook', entityId: id, action: 'delete', before: audited(before), after: null });
      return { ok: true as const };
    });
  }

  return { list, create, update, remove };
}
