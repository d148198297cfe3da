import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { outbox, settingsOf } from '../../../db/schema';
import type { CounterRow, HallRow, TicketRow } from '../lookups';

/** What a "called" SMS carries; the SMS channel turns it into its template's parameters. */
export interface CalledPayload {
  number: string;
  counterNumber: number;
  counterName: string;
  hallName: string;
}

/**
 * 无声叫号: queues "请到 N 号窗口" for the citizen's phone, inside the calling command's
 * transaction, so the message exists exactly when the call committed. One statement at most:
 * none when the hall has SMS off, and nothing is inserted when the visit left no phone.
 */
export async function enqueueCalledSms(tx: Tx, hall: HallRow, ticket: TicketRow, counter: CounterRow, now: Date) {
  if (!settingsOf(hall).smsOnCall) return;
  const payload: CalledPayload = {
    number: ticket.number,
    counterNumber: counter.number,
    counterName: counter.name,
    hallName: hall.name,
  };
  const row = {
    hallId: hall.id,
    ticketId: ticket.id,
    channel: 'sms' as const,
    kind: 'ticket.called',
    payload: { ...payload },
    nextAttemptAt: now,
    createdAt: now,
  };
  if (ticket.phone) {
    await tx.insert(outbox).values({ ...row, recipient: ticket.phone });
    return;
  }
  // The phone is kept on the visit's first ticket only: a transferred continuation reads it there.
  if (!ticket.rootTicketId) return;
  await tx.execute(sql`
    insert into ${outbox} (hall_id, ticket_id, channel, kind, recipient, payload, next_attempt_at, created_at)
    select ${row.hallId}, ${row.ticketId}, ${row.channel}, ${row.kind}, root.phone, ${JSON.stringify(row.payload)}::jsonb,
           ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from tickets root
    where root.id = ${ticket.rootTicketId} and root.phone is not null`);
}
