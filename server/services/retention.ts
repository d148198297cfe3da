import { type SQL, and, desc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rowsOf } from '../../db/client';
import {
  type RetentionCounts,
  adminAudit,
  appointments,
  cases,
  halls,
  outbox,
  ratings,
  retentionRuns,
  settingsOf,
  tickets,
  unresolvedCases,
} from '../../db/schema';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { closedDueBefore, lastDueVisitDay, scrubContacts } from '../domain/retention';

/**
 * The retention job: personal data that has served its purpose is anonymised, never deleted,
 * so every figure (counts, waits, handling times, rating scores) and every history stays
 * true. Per hall, from its settings:
 * - 办不成事 cases, 办件 and appointments closed caseRetentionDays ago lose their phone, name
 *   and the contact details of their texts;
 * - tickets of visits contactRetentionDays old lose their phone and the contact details of
 *   the clerk's note, unless a case of the visit still keeps its data (the case's period
 *   covers the visit's phone, which is how the hall answers it); ratings of those days keep
 *   their scores and lose the contact details of their comment;
 * - messages to an anonymised phone that have not left are cancelled (never sent), and the
 *   recipient of those that did is blanked.
 * One run is one transaction under an advisory lock, recorded in retention_runs (and as an
 * audit row per hall that changed): any number of processes may schedule it, one runs.
 */

/** pg_try_advisory_xact_lock key of the retention job ('RETN'). */
const retentionLockKey = 0x5245544e;

export type RetentionRun =
  | { ran: true; at: Date; counts: Record<string, RetentionCounts> }
  | { ran: false; reason: 'locked' | 'recent' };

export interface RetentionJobDeps {
  db: Db;
  clock: Clock;
  /** A run starts only this long after the last one (whichever process ran it). */
  minIntervalMs?: number;
}

const emptyCounts = (): RetentionCounts => ({
  tickets: 0,
  ratings: 0,
  appointments: 0,
  unresolvedCases: 0,
  cases: 0,
  outboxCancelled: 0,
  outboxScrubbed: 0,
});

const changedAnything = (c: RetentionCounts) => Object.values(c).some((n) => n > 0);

/** `column in (…)` for a list the size of one batch. */
function inList(column: SQL, values: readonly string[]): SQL {
  return sql`${column} in (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

function chunks<T>(list: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Rewrites a free-text column where scrubbing changes it (most texts hold no contact details). */
async function scrubTexts(rows: { id: string; text: string | null }[], write: (id: string, text: string) => Promise<unknown>) {
  for (const row of rows) {
    if (row.text === null) continue;
    const scrubbed = scrubContacts(row.text);
    if (scrubbed !== row.text) await write(row.id, scrubbed);
  }
}

async function anonymiseHall(
  tx: DbOrTx,
  hall: typeof halls.$inferSelect,
  now: Date,
): Promise<RetentionCounts> {
  const settings = settingsOf(hall);
  const counts = emptyCounts();
  const caseCutoff = closedDueBefore(now, settings.caseRetentionDays);
  const contactCutoff = closedDueBefore(now, settings.contactRetentionDays);
  const lastVisitDay = lastDueVisitDay(localTime(now, hall.timeZone).day, settings.contactRetentionDays);
  const phones = new Set<string>();
  const ticketIds: string[] = [];

  // 办不成事: closed and past the legal period. The phone goes; the description (the citizen's)
  // and the answer (the hall's) keep the matter but lose any contact details typed into them.
  const closedCases = rowsOf<{ id: string; phone: string | null; description: string; answer: string | null }>(
    await tx.execute(sql`
      update ${unresolvedCases} as u set phone = null, anonymised_at = ${now.toISOString()}::timestamptz
      from (select id, phone from ${unresolvedCases}
            where hall_id = ${hall.id} and status = 'closed' and anonymised_at is null
              and closed_at <= ${caseCutoff.toISOString()}::timestamptz
            for update) as old
      where u.id = old.id
      returning u.id, old.phone, u.description, u.answer`),
  );
  counts.unresolvedCases = closedCases.length;
  for (const c of closedCases) {
    if (c.phone) phones.add(c.phone);
    const description = scrubContacts(c.description);
    const answer = c.answer === null ? null : scrubContacts(c.answer);
    if (description !== c.description || answer !== c.answer) {
      await tx.update(unresolvedCases).set({ description, answer }).where(eq(unresolvedCases.id, c.id));
    }
  }

  // 办件: delivered or rejected (done) past the legal period; updated_at is the last step's time.
  const doneCases = rowsOf<{ id: string; phone: string | null }>(
    await tx.execute(sql`
      update ${cases} as c set phone = null, anonymised_at = ${now.toISOString()}::timestamptz
      from (select id, phone from ${cases}
            where hall_id = ${hall.id} and status in ('delivered', 'rejected') and anonymised_at is null
              and updated_at <= ${caseCutoff.toISOString()}::timestamptz
            for update) as old
      where c.id = old.id
      returning c.id, old.phone`),
  );
  counts.cases = doneCases.length;
  for (const c of doneCases) if (c.phone) phones.add(c.phone);

  // 预约: checked in, cancelled or a no-show (all set closed_at) past the legal period.
  const closedAppointments = rowsOf<{ id: string; phone: string }>(
    await tx.execute(sql`
      update ${appointments} as a set name = '', phone = '', anonymised_at = ${now.toISOString()}::timestamptz
      from (select id, phone from ${appointments}
            where hall_id = ${hall.id} and anonymised_at is null and closed_at is not null
              and closed_at <= ${caseCutoff.toISOString()}::timestamptz
            for update) as old
      where a.id = old.id
      returning a.id, old.phone`),
  );
  counts.appointments = closedAppointments.length;
  for (const a of closedAppointments) if (a.phone) phones.add(a.phone);

  // Tickets of visits old enough, except visits whose case still keeps its data.
  const visitTickets = rowsOf<{ id: string; phone: string | null; note: string | null }>(
    await tx.execute(sql`
      update ${tickets} as t set phone = null, anonymised_at = ${now.toISOString()}::timestamptz
      from (select id, phone from ${tickets} as k
            where k.hall_id = ${hall.id} and k.day <= ${lastVisitDay}
              and k.anonymised_at is null and (k.phone is not null or k.note is not null)
              and not exists (select 1 from ${unresolvedCases} as u
                              where u.root_ticket_id = k.root_ticket_id and u.anonymised_at is null)
              and not exists (select 1 from ${cases} as c
                              where c.root_ticket_id = k.root_ticket_id and c.anonymised_at is null)
            for update) as old
      where t.id = old.id
      returning t.id, old.phone, t.note`),
  );
  counts.tickets = visitTickets.length;
  for (const t of visitTickets) {
    ticketIds.push(t.id);
    if (t.phone) phones.add(t.phone);
  }
  await scrubTexts(visitTickets.map((t) => ({ id: t.id, text: t.note })), (id, text) =>
    tx.update(tickets).set({ note: text }).where(eq(tickets.id, id)),
  );

  // Ratings keep level, indicators and the visit they score; the comment loses contact details.
  const oldRatings = await tx
    .update(ratings)
    .set({ anonymisedAt: now })
    .where(and(eq(ratings.hallId, hall.id), isNull(ratings.anonymisedAt), isNotNull(ratings.comment), lte(ratings.at, contactCutoff)))
    .returning({ id: ratings.rootTicketId, comment: ratings.comment });
  counts.ratings = oldRatings.length;
  await scrubTexts(oldRatings.map((r) => ({ id: r.id, text: r.comment })), (id, text) =>
    tx.update(ratings).set({ comment: text }).where(eq(ratings.rootTicketId, id)),
  );

  // Messages to those phones: what has not left never will; what left keeps no recipient.
  const byTicket = chunks(ticketIds).map((ids) => inList(sql`ticket_id`, ids));
  const byPhone = chunks([...phones]).map((list) => inList(sql`recipient`, list));
  for (const match of [...byTicket, ...byPhone]) {
    const cancelled = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update ${outbox} set status = 'cancelled', recipient = '', lease_until = null, lease_token = null,
          last_error = 'cancelled: the phone was anonymised (retention)'
        where hall_id = ${hall.id} and status in ('pending', 'sending') and ${match}
        returning id`),
    );
    counts.outboxCancelled += cancelled.length;
    const scrubbed = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update ${outbox} set recipient = ''
        where hall_id = ${hall.id} and status in ('sent', 'dead', 'cancelled') and recipient <> '' and ${match}
        returning id`),
    );
    counts.outboxScrubbed += scrubbed.length;
  }
  return counts;
}

export function createRetentionJob({ db, clock, minIntervalMs = 30 * 60_000 }: RetentionJobDeps) {
  /** One run over every hall, or nothing when another process runs or ran one just now. */
  async function runOnce(): Promise<RetentionRun> {
    return db.transaction(async (tx) => {
      const [lock] = rowsOf<{ got: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${retentionLockKey}) as got`));
      if (!lock?.got) return { ran: false, reason: 'locked' } as const;
      const now = clock.now();
      const [last] = await tx.select({ ranAt: retentionRuns.ranAt }).from(retentionRuns).orderBy(desc(retentionRuns.ranAt)).limit(1);
      if (last && now.getTime() - last.ranAt.getTime() < minIntervalMs) return { ran: false, reason: 'recent' } as const;
      const counts: Record<string, RetentionCounts> = {};
      for (const hall of await tx.select().from(halls)) {
        const c = await anonymiseHall(tx, hall, now);
        if (!changedAnything(c)) continue;
        counts[hall.id] = c;
        // The hall's admins read it in their audit log beside their own changes.
        await tx.insert(adminAudit).values({
          hallId: hall.id,
          at: now,
          actorId: null,
          actorUsername: 'system',
          ip: '',
          entity: 'retention',
          entityId: null,
          action: 'anonymise',
          before: null,
          after: { ...c, contactRetentionDays: settingsOf(hall).contactRetentionDays, caseRetentionDays: settingsOf(hall).caseRetentionDays },
        });
      }
      await tx.insert(retentionRuns).values({ ranAt: now, counts });
      return { ran: true, at: now, counts } as const;
    });
  }
  return { runOnce };
}

export type RetentionJob = ReturnType<typeof createRetentionJob>;

/** Runs the job at boot and every `everyMs` in this process; the returned function stops it. */
export function startRetentionJob(job: RetentionJob, onError: (error: unknown) => void, everyMs = 60 * 60_000): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    job
      .runOnce()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
