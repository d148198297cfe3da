import { sql } from 'drizzle-orm';
import { events, halls, outbox, webhookSubscribers } from '../../db/schema';
import { publicEventData } from '../domain/public-event';
import { type Tx, rowsOf } from '../../db/client';
import type { EventType } from '../contracts/realtime';

export { eventTypes, type EventType } from '../contracts/realtime';

export interface NewEvent {
  type: EventType;
  ticketId?: string | null;
  counterId?: string | null;
  data: Record<string, unknown>;
}

export interface CommittedEvent {
  hallId: string;
  seq: number;
  type: EventType;
  at: string;
  data: Record<string, unknown>;
}

/**
 * Appends events with the hall's next gapless seqs. The hall row is locked here, so
 * callers do it last in their transaction to keep the hall-wide lock short.
 */
export async function appendEvents(
  tx: Tx,
  hallId: string,
  actor: string,
  at: Date,
  pending: readonly NewEvent[],
): Promise<CommittedEvent[]> {
  if (pending.length === 0) return [];
  const batch = pending.map((e, i) => ({
    i,
    type: e.type,
    ticket_id: e.ticketId ?? null,
    counter_id: e.counterId ?? null,
    data: e.data,
    pub: publicEventData(e.data),
  }));
  const atIso = at.toISOString();
  // One statement takes the seqs, writes the events and queues their webhooks, so the hall
  // row stays locked only for it and the commit: every command of the hall queues on that
  // lock. The webhook messages (the public projection only, never personal data) commit or
  // roll back with their events; a hall without subscribers joins no row and writes none.
  const result = await tx.execute(sql`
    with bumped as (
      update ${halls} set event_seq = event_seq + ${pending.length}
      where id = ${hallId}
      returning event_seq, slug
    ),
    batch as (
      select bumped.event_seq - ${pending.length} + 1 + e.i as seq, bumped.slug, e.type, e.ticket_id, e.counter_id, e.data, e.pub
      from bumped, jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
        as e(i int, type text, ticket_id uuid, counter_id uuid, data jsonb, pub jsonb)
    ),
    hooks as (
      insert into ${outbox} (hall_id, channel, kind, recipient, payload, next_attempt_at, created_at)
      select ${hallId}, 'webhook', b.type, s.id::text,
             jsonb_build_object('hall', jsonb_build_object('id', ${hallId}::text, 'slug', b.slug),
                                'seq', b.seq, 'type', b.type, 'at', ${atIso}::text, 'data', b.pub),
             ${atIso}::timestamptz, ${atIso}::timestamptz
      from batch b
      join ${webhookSubscribers} s
        on s.hall_id = ${hallId} and s.active and (s.event_types is null or b.type = any(s.event_types))
      order by b.seq
      returning 1
    )
    insert into ${events} (hall_id, seq, type, at, ticket_id, counter_id, actor, data)
    select ${hallId}, b.seq, b.type, ${atIso}::timestamptz, b.ticket_id, b.counter_id, ${actor}, b.data
    from batch b
    returning seq`);
  const seqs = rowsOf<{ seq: number }>(result)
    .map((r) => Number(r.seq))
    .sort((a, b) => a - b);
  if (seqs.length !== pending.length) throw new Error(`hall ${hallId} vanished while appending events`);
  const first = seqs[0] ?? 0;
  return pending.map((e, i) => ({ hallId, seq: first + i, type: e.type, at: atIso, data: e.data }));
}
