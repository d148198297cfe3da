import { inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client';
import { tickets } from '../../db/schema';

export interface VisitBeat {
  hallId: string;
  /** The number and version of the visit's current ticket, as its view carries them. */
  number: string;
  version: number;
}

/**
 * The current ticket of each visit, for the /ticket heartbeat: one query however many phones
 * are connected. "Current" is chosen as the ticket page's view chooses it (tickets.ts,
 * latestOfVisit): the ticket not transferred on, the latest issued.
 */
export async function visitBeats(db: Db, rootIds: string[]): Promise<Map<string, VisitBeat>> {
  const beats = new Map<string, VisitBeat>();
  if (rootIds.length === 0) return beats;
  const rows = rowsOf<{ root: string; hall_id: string; number: string; version: number }>(
    await db.execute(sql`
      select distinct on (${tickets.rootTicketId}) ${tickets.rootTicketId} as root, ${tickets.hallId} as hall_id,
             ${tickets.number} as number, ${tickets.version} as version
      from ${tickets}
      where ${inArray(tickets.rootTicketId, rootIds)}
      order by ${tickets.rootTicketId}, ${tickets.status} = 'transferred', ${tickets.issuedAt} desc, ${tickets.parentTicketId} is not null desc`),
  );
  for (const row of rows) beats.set(row.root, { hallId: row.hall_id, number: row.number, version: Number(row.version) });
  return beats;
}
