import type { OutboxChannel } from '../../../db/schema';

/** One message as a channel adapter sees it: the outbox id is the idempotency key for the receiver. */
export interface OutboundMessage {
  id: string;
  hallId: string;
  channel: string;
  kind: string;
  recipient: string;
  payload: Record<string, unknown>;
  attempt: number;
}

/**
 * How a delivery ended. `retry` (a timeout, a 5xx, throttling) is tried again later;
 * `reject` is an answer that no retry can change (an invalid number), so the message is dead.
 */
export type DeliveryOutcome =
  | { kind: 'sent'; providerMessageId: string }
  | { kind: 'retry'; error: string }
  | { kind: 'reject'; error: string };

export interface ChannelAdapter {
  channel: OutboxChannel;
  deliver(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome>;
}
