import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Db, type Tx, rowsOf } from '../../../db/client';
import { conditionalAcceptances, halls, services, settingsOf, tickets } from '../../../db/schema';
import type { Clock } from '../../domain/clock';
import { localTime } from '../../domain/hall-time';
import { orderQueue } from '../../domain/ordering';
import type { RunCommand } from '../command';
import { outstanding, timing } from '../conditional-views';
import { type HallRow, type TicketRow, policyOf, waitingOfService } from '../lookups';
import type { SmsKind } from './sms-kinds';

/**
 * The messages a citizen receives beyond "请到 N 号窗口" (enqueue.ts): each written into the
 * outbox inside the transaction of what causes it, at most once per ticket and kind, and only
 * to a phone retention has not removed. Each kind is a hall setting, off by default.
 */

/** "M月D日" of a YYYY-MM-DD day: what an SMS variable reads best as. */
function monthDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(month)}月${Number(date)}日`;
}

/** "HH:mm" in the hall's zone. */
function clockTime(at: Date, timeZone: string): string {
  const minutes = localTime(at, timeZone).minutes;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

interface OnceArgs {
  hallId: string;
  /** The ticket the message is about; its phone, or its visit's first ticket's, is the recipient. */
  ticketId: string;
  kind: SmsKind;
  payload: Record<string, unknown>;
  now: Date;
  /** A payload field that also tells messages apart (one 容缺 acceptance of several on a ticket). */
  distinctBy?: { field: string; value: string };
}

/**
 * One statement (after a lock): inserts the message unless the ticket already has one of this
 * kind, or the visit has no phone, or retention anonymised it. The advisory lock on (kind,
 * ticket) makes a second transaction wait until the first commits; its NOT EXISTS, a new
 * statement under READ COMMITTED, then sees that message. Without it two calls at two
 * counters could each see the same ticket reach N ahead and each text it.
 *
 * A ticket another transaction holds FOR UPDATE (a counter calling it, its citizen cancelling
 * or delaying) is skipped rather than waited for: it is leaving its place, and that command
 * looks at the line itself once it has the line's lock. Waiting for it instead, while holding
 * the line's lock it wants next, would be a deadlock.
 */
export async function enqueueSmsOnce(tx: Tx, { hallId, ticketId, kind, payload, now, distinctBy }: OnceArgs): Promise<boolean> {
  const key = `${kind}:${ticketId}${distinctBy ? `:${distinctBy.value}` : ''}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
  const at = now.toISOString();
  const distinct = distinctBy ? sql`and o.payload ->> ${distinctBy.field} = ${distinctBy.value}` : sql``;
  const inserted = await tx.execute(sql`
    insert into outbox (hall_id, ticket_id, channel, kind, recipient, payload, next_attempt_at, created_at)
    select ${hallId}, t.id, 'sms', ${kind}, coalesce(t.phone, root.phone), ${JSON.stringify(payload)}::jsonb,
           ${at}::timestamptz, ${at}::timestamptz
    from tickets t
    left join tickets root on root.id = t.root_ticket_id
    where t.id = ${ticketId}
      and t.anonymised_at is null and root.anonymised_at is null
      and coalesce(t.phone, root.phone) is not null
      and not exists (select 1 from outbox o where o.ticket_id = t.id and o.kind = ${kind} ${distinct})
    for key share of t skip locked
    returning id`);
  return rowsOf(inserted).length > 0;
}

/**
 * 快到您了: after a command took a ticket out of a service's waiting line, the ticket now
 * exactly `nearlyAhead` places from the front (the same count the ticket page alerts at) is
 * the one that just crossed it. Only that place is looked at, never the day's tickets: a
 * ticket passes it on one of the calls, and the outbox check keeps it to one message.
 *
 * Two counters calling at once would each read the line with the other's call not yet
 * committed, both find the same ticket at the place and the next one would be passed over.
 * A lock per service, held to the commit, makes each caller read the line with every earlier
 * caller's ticket gone: the place moves by one ticket per call and none is skipped.
 */
export async function enqueueNearlyAhead(tx: Tx, hall: HallRow, serviceId: string, day: string, now: Date): Promise<void> {
  const settings = settingsOf(hall);
  if (!settings.smsNearlyAhead) return;
  const [service] = await tx
    .select({ id: services.id, name: services.name, priorityInterleave: services.priorityInterleave, agingMinutes: services.agingMinutes })
    .from(services)
    .where(eq(services.id, serviceId));
  if (!service) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ticket.nearly:service:${serviceId}`}, 0))`);
  const waiting = await waitingOfService(tx, serviceId, day);
  if (waiting.length <= settings.nearlyAhead) return;
  const at = orderQueue(waiting, policyOf(hall, [service]), now)[settings.nearlyAhead]?.entry;
  if (!at) return;
  await enqueueSmsOnce(tx, {
    hallId: hall.id,
    ticketId: at.id,
    kind: 'ticket.nearly',
    payload: { number: at.number, ahead: settings.nearlyAhead, serviceName: service.name, hallName: hall.name },
    now,
  });
}

/**
 * 过号: the number was missed; the message says until when it may rejoin. Nothing is sent
 * when the visit can no longer rejoin (no window, or its rejoins used): the template promises one.
 */
export async function enqueueNoShow(tx: Tx, hall: HallRow, ticket: TicketRow, now: Date): Promise<void> {
  const settings = settingsOf(hall);
  if (!settings.smsNoShow || settings.rejoinMinutes <= 0 || ticket.rejoinCount >= settings.rejoinLimit) return;
  const until = new Date(now.getTime() + settings.rejoinMinutes * 60_000);
  await enqueueSmsOnce(tx, {
    hallId: hall.id,
    ticketId: ticket.id,
    kind: 'ticket.no_show',
    payload: { number: ticket.number, minutes: settings.rejoinMinutes, until: clockTime(until, hall.timeZone), hallName: hall.name },
    now,
  });
}

/**
 * Alibaba Cloud caps a variable of a notification template at 35 characters; a longer answer
 * is cut there with an ellipsis (the whole answer is on the citizen's ticket page).
 */
export const smsVariableMax = 35;

function clip(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= smsVariableMax ? chars.join('') : `${chars.slice(0, smsVariableMax - 1).join('')}…`;
}

/** The hall's answer to a bad rating, to the phone of the rated visit, when the answer step is done. */
export async function enqueueRatingAnswer(tx: Tx, hallId: string, rootTicketId: string, answer: string, now: Date): Promise<void> {
  const [row] = await tx
    .select({ settings: halls.settings, name: halls.name, number: tickets.number })
    .from(halls)
    .innerJoin(tickets, eq(tickets.id, rootTicketId))
    .where(eq(halls.id, hallId));
  if (!row || !settingsOf(row).smsRatingAnswer) return;
  await enqueueSmsOnce(tx, {
    hallId,
    ticketId: rootTicketId,
    kind: 'rating.answered',
    payload: { number: row.number, answer: clip(answer), hallName: row.name },
    now,
  });
}

/**
 * 容缺: the reminder before the deadline (from `conditionalReminderDays` before it) and the
 * notice once it has passed, for every outstanding acceptance of the halls that text them.
 * Nothing causes these but the clock, so a sweep (every minute, with the appointment sweep)
 * writes them; each hall's round is one transaction and the outbox check keeps each message
 * to one per acceptance however many processes sweep.
 */
export function createConditionalReminders({ db, clock, runCommand }: { db: Db; clock: Clock; runCommand: RunCommand }) {
  async function sweepHall(hall: HallRow): Promise<number> {
    const settings = settingsOf(hall);
    if (!settings.smsConditional) return 0;
    const now = clock.now();
    // Deadlines are ends of local days: anything due within the reminder days (plus one for the
    // zone's offset) may be due soon or overdue; later ones are not read.
    const horizon = new Date(now.getTime() + (settings.conditionalReminderDays + 1) * 86_400_000);
    const due = and(
      eq(conditionalAcceptances.hallId, hall.id),
      inArray(conditionalAcceptances.status, [...outstanding]),
      lte(conditionalAcceptances.deadline, horizon),
      // Not read again every minute: acceptances nobody can text, and those already told they are overdue.
      sql`exists (select 1 from tickets r where r.id = ${conditionalAcceptances.rootTicketId} and r.phone is not null)`,
      sql`not exists (select 1 from outbox o where o.ticket_id = ${conditionalAcceptances.ticketId}
        and o.kind = 'conditional.overdue' and o.payload ->> 'acceptanceId' = ${conditionalAcceptances.id}::text)`,
    );
    const candidates = await db.select({ id: conditionalAcceptances.id }).from(conditionalAcceptances).where(due).limit(1);
    if (candidates.length === 0) return 0;
    const done = await runCommand({ actor: 'system', hallId: hall.id, request: { op: 'conditional.remind' } }, async ({ tx, now: at }) => {
      const rows = await tx
        .select({ a: conditionalAcceptances, number: tickets.number, serviceName: services.name })
        .from(conditionalAcceptances)
        .innerJoin(tickets, eq(tickets.id, conditionalAcceptances.ticketId))
        .innerJoin(services, eq(services.id, conditionalAcceptances.serviceId))
        .where(due);
      let queued = 0;
      for (const r of rows) {
        const t = timing(r.a, hall, at);
        if (!t.dueSoon && !t.overdue) continue;
        const sent = await enqueueSmsOnce(tx, {
          hallId: hall.id,
          ticketId: r.a.ticketId,
          kind: t.overdue ? 'conditional.overdue' : 'conditional.due',
          payload: {
            acceptanceId: r.a.id,
            number: r.number,
            serviceName: r.serviceName,
            deadline: monthDay(t.deadlineDay),
            hallName: hall.name,
          },
          now: at,
          distinctBy: { field: 'acceptanceId', value: r.a.id },
        });
        if (sent) queued += 1;
      }
      return queued;
    });
    return done.ok ? done.data : 0;
  }

  /** Every hall's round; server/main.ts runs it every minute. */
  async function sweep(): Promise<number> {
    let total = 0;
    for (const hall of await db.select().from(halls)) total += await sweepHall(hall);
    return total;
  }

  return { sweep, sweepHall };
}
