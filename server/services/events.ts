import { eq, sql } from 'drizzle-orm';
import { events, halls } from '../../db/schema';
import type { Tx } from '../../db/client';

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
  'ticket.rated',
  'counter.updated',
  'queue.changed',
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
  const [row] = await tx
    .update(halls)
    .set({ eventSeq: sql`${halls.eventSeq} + ${pending.length}` })
    .where(eq(halls.id, hallId))
    .returning({ last: halls.eventSeq });
  if (!row) throw new Error(`hall ${hallId} vanished while appending events`);
  const first = row.last - pending.length + 1;
  const rows = pending.map((e, i) => ({
    hallId,
    seq: first + i,
    type: e.type,
    at,
    ticketId: e.ticketId ?? null,
    counterId: e.counterId ?? null,
    actor,
    data: e.data,
  }));
  await tx.insert(events).values(rows);
  return rows.map((r) => ({ hallId, seq: r.seq, type: r.type, at: at.toISOString(), data: r.data }));
}
