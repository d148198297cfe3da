import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../db/client';
import { outbox } from '../../../db/schema';
import type { Clock } from '../../domain/clock';
import type { ChannelAdapter, DeliveryOutcome, OutboundMessage } from './channel';

/**
 * Delivers the outbox at least once. A worker claims due messages in one statement
 * (`FOR UPDATE SKIP LOCKED`) and holds each for a lease: any number of workers in any number
 * of processes share the table without two of them sending one message at once, and a
 * message whose sender died is taken again when its lease runs out. The receiver
 * deduplicates by the message id (OutId for SMS), which covers the one window left: a
 * worker that died after the provider accepted and before the receipt was stored.
 */

export interface OutboxWorkerOptions {
  /** Messages claimed (and sent in parallel) per round. */
  batchSize: number;
  /** Pause between rounds when the last one found less than a full batch. */
  pollMs: number;
  /** How long a claim holds a message; must outlast a send (sendTimeoutMs) by far. */
  leaseMs: number;
  sendTimeoutMs: number;
  /** Attempts (claims, so a crashed send counts) before the message is dead. */
  maxAttempts: number;
  /** Retry n waits about base·2^(n−1), capped, with jitter (half fixed, half random). */
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export const defaultOutboxOptions: OutboxWorkerOptions = {
  batchSize: 16,
  pollMs: 500,
  leaseMs: 30_000,
  sendTimeoutMs: 5_000,
  maxAttempts: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 10 * 60_000,
  random: Math.random,
};

export interface OutboxWorkerDeps {
  db: Db;
  clock: Clock;
  adapters: readonly ChannelAdapter[];
  options?: Partial<OutboxWorkerOptions>;
  onError?: (error: unknown) => void;
}

interface ClaimedRow {
  id: string;
  hall_id: string;
  channel: string;
  kind: string;
  recipient: string;
  payload: Record<string, unknown> | string;
  attempts: number;
}

/** The wait before the next try after `attempts` failed ones: exponential, capped, with jitter. */
export function retryDelayMs(attempts: number, options: Pick<OutboxWorkerOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  // Half fixed, half random: spread enough that a provider's outage does not end in one burst
  // of every retry at once, and never shorter than half the step.
  return Math.round(ceiling / 2 + (options.random() * ceiling) / 2);
}

export function createOutboxWorker({ db, clock, adapters, options: given, onError }: OutboxWorkerDeps) {
  const options = { ...defaultOutboxOptions, ...given };
  const byChannel = new Map(adapters.map((a) => [a.channel as string, a]));
  const channels = [...byChannel.keys()];

  /** Messages that used every attempt (the last one crashed mid-send) are dead, not claimed again. */
  async function buryExhausted(now: Date) {
    await db.execute(sql`
      update ${outbox}
      set status = 'dead', lease_until = null, lease_token = null,
          last_error = coalesce(last_error, 'the last attempt never reported back')
      where status in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
        and attempts >= ${options.maxAttempts}`);
  }

  async function claim(now: Date, token: string): Promise<OutboundMessage[]> {
    if (channels.length === 0) return [];
    const until = new Date(now.getTime() + options.leaseMs).toISOString();
    // One statement: the rows are locked by the subquery and leased by the update before the
    // statement ends; a row another worker holds locked is skipped, never waited for.
    const result = await db.execute(sql`
      update ${outbox}
      set status = 'sending', attempts = attempts + 1, lease_until = ${until}::timestamptz,
          next_attempt_at = ${until}::timestamptz, lease_token = ${token}
      where id in (
        select id from ${outbox}
        where status in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
          and attempts < ${options.maxAttempts}
          and channel in (${sql.join(channels.map((c) => sql`${c}`), sql`, `)})
        order by next_attempt_at
        limit ${options.batchSize}
        for update skip locked)
      returning id, hall_id, channel, kind, recipient, payload, attempts`);
    return rowsOf<ClaimedRow>(result).map((r) => ({
      id: r.id,
      hallId: r.hall_id,
      channel: r.channel,
      kind: r.kind,
      recipient: r.recipient,
      // postgres.js and PGlite both parse jsonb, but a raw statement through a text cast would not.
      payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
      attempt: Number(r.attempts),
    }));
  }

  async function record(message: OutboundMessage, token: string, outcome: DeliveryOutcome) {
    const now = clock.now().toISOString();
    if (outcome.kind === 'sent') {
      // Delivered is the truth whoever holds the lease now: no fence on the token.
      await db.execute(sql`
        update ${outbox}
        set status = 'sent', sent_at = ${now}::timestamptz, provider_message_id = ${outcome.providerMessageId},
            lease_until = null, lease_token = null, last_error = null
        where id = ${message.id} and status <> 'sent'`);
      return;
    }
    const dead = outcome.kind === 'reject' || message.attempt >= options.maxAttempts;
    const next = new Date(clock.now().getTime() + retryDelayMs(message.attempt, options)).toISOString();
    // Fenced by the claim's token: a worker whose lease ran out does not move a message that
    // another worker has claimed since.
    await db.execute(sql`
      update ${outbox}
      set status = ${dead ? 'dead' : 'pending'}, next_attempt_at = ${next}::timestamptz,
          lease_until = null, lease_token = null, last_error = ${outcome.error.slice(0, 1000)}
      where id = ${message.id} and status = 'sending' and lease_token = ${token}`);
  }

  async function deliver(message: OutboundMessage, token: string) {
    const adapter = byChannel.get(message.channel);
    let outcome: DeliveryOutcome;
    try {
      outcome = adapter
        ? await adapter.deliver(message, AbortSignal.timeout(options.sendTimeoutMs))
        : { kind: 'retry', error: `no adapter for channel ${message.channel}` };
    } catch (error) {
      outcome = { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    await record(message, token, outcome);
  }

  /** One round: bury the exhausted, claim a batch, send it. Returns how many were claimed. */
  async function tick(): Promise<number> {
    const now = clock.now();
    await buryExhausted(now);
    const token = randomUUID();
    const claimed = await claim(now, token);
    await Promise.all(claimed.map((m) => deliver(m, token)));
    return claimed.length;
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  }

  return {
    tick,
    /** Runs rounds until stop(): back to back while there is a backlog, every pollMs otherwise. */
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let claimed = 0;
          try {
            claimed = await tick();
          } catch (error) {
            // The database away: the next round tries again; claimed messages' leases run out.
            (onError ?? ((e: unknown) => console.error('outbox round failed', e)))(error);
          }
          if (running && claimed < options.batchSize) await pause(options.pollMs);
        }
      })();
    },
    /** A message was just queued: run the next round now instead of at the end of the pause. */
    poke() {
      wake?.();
    },
    /** Stops after the round in progress (its sends finish or time out, and are recorded). */
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
