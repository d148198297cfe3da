import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { webhookSubscribers } from '../../../db/schema';
import type { Clock } from '../../domain/clock';
import type { ChannelAdapter, DeliveryOutcome, OutboundMessage } from './channel';

/**
 * Signed webhooks: each message is one public event of the hall, POSTed as JSON to the
 * subscriber's URL. The receiver checks `X-Hallboard-Signature` (HMAC-SHA256 of
 * "<timestamp>.<body>" with its secret), refuses an old `X-Hallboard-Timestamp`, and
 * deduplicates by `X-Hallboard-Id`, since delivery is at least once.
 */

export const webhookHeaders = {
  id: 'x-hallboard-id',
  timestamp: 'x-hallboard-timestamp',
  signature: 'x-hallboard-signature',
} as const;

/** `sha256=<hex>` over "<timestamp>.<body>": the timestamp is signed, so a replay cannot carry a fresh one. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** The body as sent: the message id first, then the event as the hall's screens see it. */
export function webhookBody(message: Pick<OutboundMessage, 'id' | 'payload'>): string {
  return JSON.stringify({ id: message.id, ...message.payload });
}

/**
 * 2xx is delivered. A 4xx says the receiver will never take this request (gone, refused,
 * malformed), so the message is dead at once; 408 and 429 are the two 4xx that ask to be
 * tried later. Anything else (5xx, a redirect, no answer) is retried with the worker's backoff.
 */
export function outcomeOfStatus(status: number): 'sent' | 'retry' | 'reject' {
  if (status >= 200 && status < 300) return 'sent';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'reject';
  return 'retry';
}

export function createWebhookChannel({ db, clock }: { db: Db; clock: Clock }): ChannelAdapter {
  return {
    channel: 'webhook',
    async deliver(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      const [subscriber] = await db
        .select({ url: webhookSubscribers.url, secret: webhookSubscribers.secret })
        .from(webhookSubscribers)
        .where(eq(webhookSubscribers.id, message.recipient));
      if (!subscriber) return { kind: 'reject', error: 'the webhook subscriber was deleted' };
      const body = webhookBody(message);
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      let response: Response;
      try {
        response = await fetch(subscriber.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Hallboard-Webhook/1',
            [webhookHeaders.id]: message.id,
            [webhookHeaders.timestamp]: timestamp,
            [webhookHeaders.signature]: webhookSignature(subscriber.secret, timestamp, body),
          },
          body,
          // A redirect would resend the signed body somewhere the admin never entered.
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        return { kind: 'retry', error: `webhook unreachable: ${error instanceof Error ? error.message : String(error)}` };
      }
      // The answer's body is not needed; dropping it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      const outcome = outcomeOfStatus(response.status);
      if (outcome === 'sent') return { kind: 'sent', providerMessageId: `HTTP ${response.status}` };
      return { kind: outcome, error: `webhook answered HTTP ${response.status}` };
    },
  };
}
