import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rowsOf } from '../../db/client';
import { conditionalAcceptances, counters, halls, ratings, refusals, services, settingsOf, tickets, unresolvedCases, workOrders } from '../../db/schema';
import type { EtaReason, TicketView } from '../contracts/api';
import type { QueueOrder } from '../contracts/realtime';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { maskPhone } from '../domain/masking';
import { orderQueue } from '../domain/ordering';
import { ticketLinkExpiry } from '../domain/retention';
import { type WaitInput, estimateWait } from '../domain/wait-estimate';
import type { HallForecasts } from './hall-forecasts';
import { citizenMovesOf } from './citizen-ticket-commands';
import { acceptanceRows, toCitizenView } from './conditional-views';
import {
  type HallRow,
  type ServiceRow,
  type TicketRow,
  type WaitingEntry,
  iso,
  policyOf,
  waitInputsForService,
  waitingOfService,
} from './lookups';
import { ratingFollowUpOf, ratingReplyOf } from './rectification/work-orders';
import { type Result, fail, ok } from './result';

/**
 * The read side of tickets (tickets.ts puts it together with the commands): a visit found
 * by its token or a ticket, the citizen's view of it, its place in the queue, and a
 * service's queue order as the /ticket namespace pushes it.
 */
/** A link past its end, with the hall whose home the page leads back to. */
interface ExpiredLink {
  expiredAt: Date;
  hall: { slug: string; name: string; timeZone: string };
}

interface WaitRange {
  low: number;
  high: number;
  reasons: EtaReason[];
}

export function createTicketReads({ db, clock, forecasts }: { db: Db; clock: Clock; forecasts: HallForecasts }) {
  /** Place in the service's queue (1 = next) under the hall's policy, and the wait it means. */
  async function positionOf(
    hall: HallRow,
    service: ServiceRow,
    ticketId: string,
    day: string,
    source: DbOrTx = db,
    /** 取号's answer: the hall's last play, never a new one (see HallForecasts.lastForHall). */
    lastPlay = false,
  ): Promise<{ position: number | null; eta: WaitRange; waiting: WaitingEntry[]; inputs: Omit<WaitInput, 'ahead'> }> {
    const now = clock.now();
    const [waiting, inputs, waits] = await Promise.all([
      waitingOfService(source, service.id, day),
      waitInputsForService(source, service, day, now),
      lastPlay || source !== db ? forecasts.lastForHall(hall) : forecasts.forHall(hall),
    ]);
    const ordered = orderQueue(waiting, policyOf(hall, [service]), now);
    const index = ordered.findIndex((o) => o.entry.id === ticketId);
    const position = index >= 0 ? index + 1 : null;
    // The hall's forward play gives the wait; a ticket it does not know (not waiting) gets the old rule.
    // A ticket just issued inside its own transaction is not in the last play yet: last in its
    // queue, it gets what the play gives a number taken now.
    const known = waits?.ticket(ticketId) ?? null;
    const eta: WaitRange =
      known ??
      (waits && position !== null && position === waiting.length
        ? waits.service(service.id)
        : estimateWait({ ...inputs, ahead: position === null ? waiting.length : position - 1 }));
    return { position, eta, waiting, inputs };
  }

  /**
   * The visit behind a token: its first ticket and the latest one of its transfer chain. A
   * link past its expiry (ticketLinkExpiry) finds nothing: no command reaches an ended visit.
   */
  async function resolveVisit(token: string): Promise<{ root: TicketRow; latest: TicketRow } | undefined> {
    const found = await resolveToken(token);
    return found && 'root' in found ? found : undefined;
  }

  /** The visit behind a token, or when its link stopped working. */
  async function resolveToken(token: string): Promise<{ root: TicketRow; latest: TicketRow } | ExpiredLink | undefined> {
    const [root] = await db.select().from(tickets).where(eq(tickets.token, token)).limit(1);
    if (!root) return undefined;
    const visit = await latestOfVisit(root);
    const life = await linkExpiryOf(visit);
    return life?.expiresAt && clock.now() >= life.expiresAt ? { expiredAt: life.expiresAt, hall: life.hall } : visit;
  }

  /** When the visit's link stops working (null while the visit or a follow-up is alive). */
  async function linkExpiryOf({ root, latest }: { root: TicketRow; latest: TicketRow }): Promise<{ expiresAt: Date | null; hall: ExpiredLink['hall'] } | null> {
    const [row] = rowsOf<{ open: number | string; last_closed: Date | string | null; time_zone: string; slug: string; name: string }>(
      await db.execute(sql`
        select
          (select count(*) from ${unresolvedCases} where root_ticket_id = ${root.id} and status <> 'closed')
          + (select count(*) from ${conditionalAcceptances} where root_ticket_id = ${root.id} and status in ('awaiting_commitment', 'open'))
          + (select count(*) from ${workOrders} where root_ticket_id = ${root.id} and step <> 'closed') as open,
          greatest(
            (select max(closed_at) from ${unresolvedCases} where root_ticket_id = ${root.id}),
            (select max(closed_at) from ${conditionalAcceptances} where root_ticket_id = ${root.id}),
            (select max(closed_at) from ${workOrders} where root_ticket_id = ${root.id})) as last_closed,
          hall.time_zone, hall.slug, hall.name
        from ${halls} as hall where hall.id = ${root.hallId}`),
    );
    if (!row) return null;
    const today = localTime(clock.now(), row.time_zone).day;
    const expiresAt = ticketLinkExpiry(
      {
        status: latest.status,
        day: latest.day,
        finishedAt: latest.finishedAt,
        issuedAt: latest.issuedAt,
        openFollowUps: Number(row.open),
        lastFollowUpClosedAt: row.last_closed === null ? null : new Date(row.last_closed),
      },
      today,
      row.time_zone,
    );
    return { expiresAt, hall: { slug: row.slug, name: row.name, timeZone: row.time_zone } };
  }

  /** The answer to an expired link: NOT_FOUND (the visit is gone for the citizen), saying why and since when. */
  function expired({ expiredAt, hall }: ExpiredLink): Result<never> {
    return fail('NOT_FOUND', 'This ticket link has expired: it works until the end of the hall day on which the visit ended', {
      reason: 'LINK_EXPIRED',
      details: { expiredAt: expiredAt.toISOString(), hall: hall.slug, hallName: hall.name, timeZone: hall.timeZone },
    });
  }

  async function latestOfVisit(root: TicketRow): Promise<{ root: TicketRow; latest: TicketRow }> {
    const [latest] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.rootTicketId, root.id))
      // Every transfer ends its ticket as transferred and adds exactly one continuation, so the
      // latest ticket is the one not transferred on. Issue times alone cannot tell: two transfers
      // may share a millisecond (or a fake clock), and two processes' clocks may disagree.
      .orderBy(
        asc(sql`${tickets.status} = 'transferred'`),
        desc(tickets.issuedAt),
        desc(sql`${tickets.parentTicketId} is not null`),
      )
      .limit(1);
    return { root, latest: latest ?? root };
  }

  async function view(token: string): Promise<Result<TicketView>> {
    const visit = await resolveToken(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
    if ('expiredAt' in visit) return expired(visit);
    return viewOf(visit);
  }

  /**
   * The visit a ticket belongs to, and the service it waits in now (it changes on transfer).
   * The relay asks this for every ticket event, so it is one statement: the ticket, its root,
   * and the latest ticket of the chain picked exactly as latestOfVisit picks it.
   */
  async function visitOfTicket(ticketId: string): Promise<{ rootId: string; serviceId: string } | null> {
    const rows = rowsOf<{ root_id: string; service_id: string }>(
      await db.execute(sql`
        select root.id as root_id, coalesce(latest.service_id, root.service_id) as service_id
        from ${tickets} as ticket
        join ${tickets} as root on root.id = ticket.root_ticket_id
        left join lateral (
          select chain.service_id from ${tickets} as chain
          where chain.root_ticket_id = root.id
          order by chain.status = 'transferred' asc, chain.issued_at desc, chain.parent_ticket_id is not null desc
          limit 1
        ) as latest on true
        where ticket.id = ${ticketId}`),
    );
    const row = rows[0];
    return row ? { rootId: row.root_id, serviceId: row.service_id } : null;
  }

  /** The /ticket socket's admission: the visit's rooms, or when its link stopped working. */
  async function visitOfToken(token: string): Promise<{ rootId: string; serviceId: string } | { expiredAt: string } | null> {
    const visit = await resolveToken(token);
    if (!visit) return null;
    if ('expiredAt' in visit) return { expiredAt: visit.expiredAt.toISOString() };
    return { rootId: visit.root.id, serviceId: visit.latest.serviceId };
  }

  async function viewOfVisit(rootId: string): Promise<Result<TicketView>> {
    const [root] = await db.select().from(tickets).where(eq(tickets.id, rootId));
    if (!root) return fail('NOT_FOUND', 'Ticket not found');
    return viewOf(await latestOfVisit(root));
  }

  /**
   * A service's waiting list in call order, by number, with the wait range at each place:
   * computed once per change and pushed to the service's room, where each phone finds itself.
   */
  async function queueOrder(serviceId: string): Promise<QueueOrder | null> {
    const [service] = await db.select().from(services).where(eq(services.id, serviceId));
    if (!service) return null;
    const [hall] = await db.select().from(halls).where(eq(halls.id, service.hallId));
    if (!hall) return null;
    const now = clock.now();
    const day = localTime(now, hall.timeZone).day;
    const [waiting, waits] = await Promise.all([waitingOfService(db, service.id, day), forecasts.forHall(hall)]);
    const ordered = orderQueue(waiting, policyOf(hall, [service]), now);
    const etas = ordered.map((o) => waits.ticket(o.entry.id) ?? waits.service(serviceId));
    return {
      serviceId,
      at: now.toISOString(),
      order: ordered.map((o) => o.entry.number),
      eta: etas.map((e) => [e.low, e.high] as [number, number]),
      // Phones of older pages read `reasons` (the same for every place); newer ones their own place's.
      reasons: [...new Set(etas.flatMap((e) => e.reasons))],
      reasonsAt: etas.map((e) => e.reasons),
    };
  }

  async function viewOf({ root, latest }: { root: TicketRow; latest: TicketRow }): Promise<Result<TicketView>> {
    const [[hall], [service], counterRows, [rated], [approved], cases, conditional, ratingReply] = await Promise.all([
      db.select().from(halls).where(eq(halls.id, latest.hallId)),
      db.select().from(services).where(eq(services.id, latest.serviceId)),
      latest.counterId
        ? db.select({ number: counters.number, name: counters.name }).from(counters).where(eq(counters.id, latest.counterId))
        : Promise.resolve([]),
      db.select({ n: count() }).from(ratings).where(eq(ratings.rootTicketId, root.id)),
      db
        .select()
        .from(refusals)
        .where(and(eq(refusals.rootTicketId, root.id), eq(refusals.status, 'approved')))
        .orderBy(desc(refusals.decidedAt))
        .limit(1),
      db.select().from(unresolvedCases).where(eq(unresolvedCases.rootTicketId, root.id)).orderBy(asc(unresolvedCases.openedAt)),
      acceptanceRows(db, eq(conditionalAcceptances.rootTicketId, root.id)),
      ratingReplyOf(db, root.id),
    ]);
    if (!hall || !service) return fail('NOT_FOUND', 'Ticket not found');
    const ratingFollowUp = ratingReply ? null : await ratingFollowUpOf(db, root.id, settingsOf(hall).rectification);
    const counter = counterRows[0];
    let position: number | null = null;
    let eta: WaitRange | null = null;
    let place: Awaited<ReturnType<typeof positionOf>> | null = null;
    if (latest.status === 'waiting') {
      place = await positionOf(hall, service, latest.id, latest.day);
      position = place.position;
      eta = place.eta;
    }
    const showCounter = latest.status === 'called' || latest.status === 'serving' || latest.status === 'parked';
    return ok({
      number: latest.number,
      status: latest.status as TicketView['status'],
      position,
      etaMinutes: eta ? { low: eta.low, high: eta.high } : null,
      etaReasons: eta?.reasons ?? [],
      counterNumber: showCounter ? (counter?.number ?? null) : null,
      counterName: showCounter ? (counter?.name ?? null) : null,
      serviceId: service.id,
      serviceName: service.name,
      hall: { id: hall.id, slug: hall.slug, name: hall.name },
      issuedAt: root.issuedAt.toISOString(),
      calledAt: iso(latest.calledAt),
      phoneMasked: root.phone ? maskPhone(root.phone) : null,
      rated: (rated?.n ?? 0) > 0,
      notice: approved
        ? {
            reason: approved.reason,
            legalBasis: approved.legalBasis,
            items: approved.items,
            decidedAt: (approved.decidedAt ?? approved.requestedAt).toISOString(),
          }
        : null,
      // The answer is the citizen's once the case is closed; until then they see its deadline.
      cases: cases.map((c) => ({
        id: c.id,
        status: c.status,
        outcome: c.outcome,
        answer: c.status === 'closed' ? c.answer : null,
        deadline: c.deadline.toISOString(),
      })),
      conditional: conditional.map((r) => toCitizenView(r, hall, clock.now())),
      moves: citizenMovesOf({
        settings: settingsOf(hall),
        ticket: latest,
        now: clock.now(),
        queue: place ? { waiting: place.waiting, inputs: place.inputs, policy: policyOf(hall, [service]) } : null,
      }),
      ratingReply,
      ratingFollowUp,
      version: latest.version,
    });
  }

  return { positionOf, resolveVisit, view, visitOfTicket, visitOfToken, viewOfVisit, queueOrder };
}

export type TicketReads = ReturnType<typeof createTicketReads>;
