import { sql } from 'drizzle-orm';
import { events, halls } from '../../db/schema';
import { type Tx, rowsOf } from '../../db/client';

export const eventTypes = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.completed',
  'ticket.no_show',
  'ticket.transferred',
  'ticket.parked',
  'ticket.returned',
  'ticket.cancelled',
  'ticket.rejoined',
  'ticket.delayed',
  'ticket.rated',
  'counter.updated',
  'queue.changed',
  'refusal.requested',
  'refusal.approved',
  'refusal.denied',
  'case.opened',
  'case.assigned',
  'case.closed',
  'duty.rostered',
  'conditional.accepted',
  'conditional.confirmed',
  'conditional.fulfilled',
  'conditional.withdrawn',
  'case.filed',
  'case.progressed',
  'work_order.opened',
  'work_order.advanced',
  'work_order.closed',
  /** A leader asked an appeal of a rating; it waits for a second leader. */
  'work_order.appeal_requested',
  /** The waiting appeal was declined by a second leader or withdrawn by the one who asked. */
  'work_order.appeal_declined',
  'rating.excluded',
  'inspection.filed',
  /** An inspector attached a photo to a filed report. */
  'inspection.photo_added',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.checked_in',
  'appointment.no_show',
  /** An admin changed the hall, a service, a counter, the matrix, settings or notices: screens refetch. */
  'config.changed',
  /** The urgent notice every screen of the hall shows at once was posted or cleared. */
  'hall.urgent',
] as const;
export type EventType = (typeof eventTypes)[number];

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
  }));
  // One statement takes the seqs and writes the events, so the hall row stays locked
  // only for it and the commit: every command of the hall queues on that lock.
  const result = await tx.execute(sql`
    with bumped as (
      update ${halls} set event_seq = event_seq + ${pending.length}
      where id = ${hallId}
      returning event_seq
    )
    insert into ${events} (hall_id, seq, type, at, ticket_id, counter_id, actor, data)
    select ${hallId}, bumped.event_seq - ${pending.length} + 1 + e.i, e.type, ${at.toISOString()}::timestamptz,
           e.ticket_id, e.counter_id, ${actor}, e.data
    from bumped, jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
      as e(i int, type text, ticket_id uuid, counter_id uuid, data jsonb)
    returning seq`);
  const seqs = rowsOf<{ seq: number }>(result)
    .map((r) => Number(r.seq))
    .sort((a, b) => a - b);
  if (seqs.length !== pending.length) throw new Error(`hall ${hallId} vanished while appending events`);
  const first = seqs[0] ?? 0;
  return pending.map((e, i) => ({ hallId, seq: first + i, type: e.type, at: at.toISOString(), data: e.data }));
}
