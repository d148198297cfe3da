import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { events, services, tickets } from '../../db/schema';
import type { TicketRow } from './lookups';

export interface VisitSummary {
  id: string;
  number: string;
  serviceName: string;
  status: string;
  history: Array<{ seq: number; type: string; at: string; counterNumber: number | null }>;
}

/**
 * A visit as the duty leader sees it: its latest ticket and every event of its transfer
 * chain from the events table, which is the audit trail of record.
 */
export async function visitSummary(db: DbOrTx, rootTicketId: string): Promise<VisitSummary | null> {
  const chain = await db.select().from(tickets).where(eq(tickets.rootTicketId, rootTicketId));
  if (chain.length === 0) return null;
  const latest = chain.reduce<TicketRow>((a, b) => {
    if ((a.status === 'transferred') !== (b.status === 'transferred')) return a.status === 'transferred' ? b : a;
    return b.issuedAt > a.issuedAt ? b : a;
  }, chain[0] as TicketRow);
  const [service] = await db.select({ name: services.name }).from(services).where(eq(services.id, latest.serviceId));
  const rows = await db
    .select({ seq: events.seq, type: events.type, at: events.at, data: events.data })
    .from(events)
    .where(and(eq(events.hallId, latest.hallId), inArray(events.ticketId, chain.map((t) => t.id))))
    .orderBy(asc(events.seq));
  return {
    id: latest.id,
    number: latest.number,
    serviceName: service?.name ?? '',
    status: latest.status,
    history: rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      at: r.at.toISOString(),
      counterNumber: typeof r.data.counterNumber === 'number' ? r.data.counterNumber : null,
    })),
  };
}
