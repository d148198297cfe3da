import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rowsOf } from '../../db/client';
import { conditionalAcceptances, counters, dailyCounters, halls, ratings, refusals, services, settingsOf, tickets, unresolvedCases } from '../../db/schema';
import type { Channel, IssueTicketBody, RatingBody, TicketView } from '../contracts/api';
import type { Clock } from '../domain/clock';
import { intakeReasons } from '../contracts/citizen';
import { onCalendar } from '../domain/hall-calendar';
import { localTime } from '../domain/hall-time';
import { nextOpening, takesNumbers } from '../domain/opening';
import { maskPhone } from '../domain/masking';
import { formatTicketNumber } from '../domain/numbering';
import { type PriorityClass, orderQueue } from '../domain/ordering';
import { type WaitEstimate, type WaitInput, estimateWait } from '../domain/wait-estimate';
import type { QueueOrder } from '../contracts/realtime';
import { citizenMovesOf } from './citizen-ticket-commands';
import { intakeActor } from './intake-keys';
import type { RunCommand } from './command';
import { acceptanceRows, toCitizenView } from './conditional-views';
import { isBadRating } from '../domain/rectification';
import { openWorkOrder } from './rectification/open';
import { ratingReplyOf } from './rectification/work-orders';
import {
  type HallRow,
  type ServiceRow,
  type TicketRow,
  type WaitingEntry,
  waitInputsForService,
  findHall,
  iso,
  policyOf,
  waitingOfService,
} from './lookups';
import { type Result, fail, ok, refuse } from './result';

export interface IssuedTicket {
  id: string;
  number: string;
  serviceId: string;
  status: 'waiting';
  position: number | null;
  etaMinutes: { low: number; high: number };
  token: string;
  url: string;
}

export interface IssueRequest extends Omit<IssueTicketBody, 'priorityClass'> {
  priorityClass?: PriorityClass;
  actor?: string;
  /** Taken for the citizen by a signed-in volunteer or member of staff (志愿者/帮办). */
  assisted?: { staffId: string; channel: 'staff' | 'volunteer' };
  /** A retry with the same key gets the same ticket and answer (server/services/intake-keys.ts). */
  idempotencyKey?: string | undefined;
}

export interface TicketServiceDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  publicUrl?: string | undefined;
}

/** ≥128 random bits: the citizen's link cannot be guessed from a number or a time. */
function newToken(): string {
  return randomBytes(18).toString('base64url');
}

export function createTicketService({ db, clock, runCommand, publicUrl }: TicketServiceDeps) {
  const ticketUrl = (token: string) => `${publicUrl ?? ''}/t/${token}`;

  /** Place in the service's queue (1 = next) under the hall's policy, and the wait it means. */
  async function positionOf(
    hall: HallRow,
    service: ServiceRow,
    ticketId: string,
    day: string,
    source: DbOrTx = db,
  ): Promise<{ position: number | null; eta: WaitEstimate; waiting: WaitingEntry[]; inputs: Omit<WaitInput, 'ahead'> }> {
    const now = clock.now();
    const [waiting, inputs] = await Promise.all([waitingOfService(source, service.id, day), waitInputsForService(source, service, day, now)]);
    const ordered = orderQueue(waiting, policyOf(hall), now);
    const index = ordered.findIndex((o) => o.entry.id === ticketId);
    const position = index >= 0 ? index + 1 : null;
    const eta = estimateWait({ ...inputs, ahead: position === null ? waiting.length : position - 1 });
    return { position, eta, waiting, inputs };
  }

  async function issue(hallRef: string, request: IssueRequest): Promise<Result<IssuedTicket>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const [service] = await db
      .select()
      .from(services)
      .where(and(eq(services.id, request.serviceId), eq(services.hallId, hall.id), eq(services.active, true)));
    if (!service) return fail('NOT_FOUND', 'Service not found in this hall');
    const channel: Channel = request.assisted?.channel ?? request.channel ?? 'kiosk';
    const { idempotencyKey, ...asked } = request;
    const answerOf = async (source: DbOrTx, id: string, number: string, token: string, day: string): Promise<IssuedTicket> => {
      const { position, eta } = await positionOf(hall, service, id, day, source);
      return { id, number, serviceId: service.id, status: 'waiting', position, etaMinutes: { low: eta.low, high: eta.high }, token, url: ticketUrl(token) };
    };

    const issued = await runCommand(
      {
        actor: request.actor ?? (request.assisted ? `staff:${request.assisted.staffId}` : intakeActor(channel, hall.id)),
        hallId: hall.id,
        idempotencyKey,
        request: asked,
      },
      async ({ tx, now, emit }) => {
        const local = localTime(now, hall.timeZone);
        const { enforceHours, calendar } = settingsOf(hall);
        if (!takesNumbers(enforceHours, service.openingHours, onCalendar(local, calendar))) {
          const opens = nextOpening(service.openingHours, local, calendar);
          refuse('CONFLICT', `${service.name} is outside its opening hours now`, {
            reason: intakeReasons.serviceClosed,
            ...(opens
              ? { details: { opensDay: opens.day, opensTime: opens.time, opensWeekday: opens.weekday, daysAhead: opens.daysAhead } }
              : {}),
          });
        }
        // The counter row is bumped in this transaction: numbers are gapless, and a
        // refused issue (cap reached) rolls the bump back with everything else.
        const [bumped] = await tx
          .insert(dailyCounters)
          .values({ hallId: hall.id, serviceId: service.id, day: local.day, lastSeq: 1 })
          .onConflictDoUpdate({
            target: [dailyCounters.serviceId, dailyCounters.day],
            set: { lastSeq: sql`${dailyCounters.lastSeq} + 1` },
          })
          .returning({ seq: dailyCounters.lastSeq });
        const seq = bumped?.seq ?? 0;
        if (service.dailyCap !== null && seq > service.dailyCap) {
          refuse('CONFLICT', `Today's ${service.dailyCap} numbers for ${service.name} have all been taken`, {
            reason: intakeReasons.dailyCap,
            details: { cap: service.dailyCap },
          });
        }
        const id = randomUUID();
        // Read the clock again now that the service's counter row is locked: the next
        // issue of this service waits for our commit, so queue times follow the numbers.
        const queuedAt = new Date(Math.max(now.getTime(), clock.now().getTime()));
        const token = newToken();
        const number = formatTicketNumber(service.prefix, seq);
        await tx.insert(tickets).values({
          id,
          hallId: hall.id,
          serviceId: service.id,
          day: local.day,
          seq,
          number,
          priorityClass: request.priorityClass ?? 'normal',
          channel,
          status: 'waiting',
          queuedAt,
          issuedAt: queuedAt,
          rootTicketId: id,
          token,
          phone: request.phone ?? null,
          issuedBy: request.assisted?.staffId ?? null,
        });
        emit({ type: 'ticket.issued', ticketId: id, data: { number, serviceId: service.id, channel } });
        emit({ type: 'queue.changed', data: { serviceId: service.id } });
        // With a key the whole answer is stored, so every retry gets it as it was first given
        // (same place and estimate too); the transaction sees its own ticket in the queue.
        const answer = idempotencyKey ? await answerOf(tx, id, number, token, local.day) : null;
        return { id, number, token, day: local.day, answer };
      },
    );
    if (!issued.ok) return issued;
    const { id, number, token, day, answer } = issued.data;
    return ok(answer ?? (await answerOf(db, id, number, token, day)));
  }

  /** The visit behind a token: its first ticket and the latest one of its transfer chain. */
  async function resolveVisit(token: string): Promise<{ root: TicketRow; latest: TicketRow } | undefined> {
    const [root] = await db.select().from(tickets).where(eq(tickets.token, token)).limit(1);
    return root ? latestOfVisit(root) : undefined;
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
    const visit = await resolveVisit(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
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

  async function visitOfToken(token: string): Promise<{ rootId: string; serviceId: string } | null> {
    const visit = await resolveVisit(token);
    return visit ? { rootId: visit.root.id, serviceId: visit.latest.serviceId } : null;
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
    const waiting = await waitingOfService(db, service.id, day);
    const ordered = orderQueue(waiting, policyOf(hall), now);
    const inputs = await waitInputsForService(db, service, day, now);
    return {
      serviceId,
      at: now.toISOString(),
      order: ordered.map((o) => o.entry.number),
      eta: ordered.map((_, ahead) => {
        const e = estimateWait({ ...inputs, ahead });
        return [e.low, e.high] as [number, number];
      }),
      reasons: estimateWait({ ...inputs, ahead: 0 }).reasons,
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
    const counter = counterRows[0];
    let position: number | null = null;
    let eta: WaitEstimate | null = null;
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
        queue: place ? { waiting: place.waiting, inputs: place.inputs, policy: policyOf(hall) } : null,
      }),
      ratingReply,
      version: latest.version,
    });
  }

  async function cancel(token: string): Promise<Result<TicketView>> {
    const visit = await resolveVisit(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
    const { latest } = visit;
    const done = await runCommand(
      { actor: `citizen:${visit.root.id}`, hallId: latest.hallId, request: { op: 'cancel', token } },
      async ({ tx, now, emit }) => {
        const [locked] = await tx.select().from(tickets).where(eq(tickets.id, latest.id)).for('update');
        if (!locked || locked.status !== 'waiting') refuse('CONFLICT', 'Only a waiting ticket can be cancelled');
        await tx
          .update(tickets)
          .set({ status: 'cancelled', finishedAt: now, version: sql`${tickets.version} + 1` })
          .where(eq(tickets.id, locked.id));
        emit({ type: 'ticket.cancelled', ticketId: locked.id, data: { number: locked.number, serviceId: locked.serviceId } });
        emit({ type: 'queue.changed', data: { serviceId: locked.serviceId } });
        return null;
      },
    );
    if (!done.ok) return done;
    return view(token);
  }

  /** 好差评: once per visit, after it was served. */
  async function rate(token: string, body: RatingBody): Promise<Result<{ rating: { level: RatingBody['level']; at: string } }>> {
    const visit = await resolveVisit(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
    const { root, latest } = visit;
    if (latest.status !== 'completed') return fail('CONFLICT', 'A visit can be rated once it has been served');
    return runCommand(
      { actor: `citizen:${root.id}`, hallId: latest.hallId, request: { op: 'rate', token, body } },
      async ({ tx, now, emit }) => {
        const inserted = await tx
          .insert(ratings)
          .values({
            rootTicketId: root.id,
            hallId: latest.hallId,
            counterId: latest.counterId,
            level: body.level,
            efficiency: body.efficiency ?? null,
            serviceLevel: body.serviceLevel ?? null,
            attitude: body.attitude ?? null,
            comment: body.comment ?? null,
            at: now,
          })
          .onConflictDoNothing()
          .returning({ at: ratings.at });
        if (inserted.length === 0) refuse('CONFLICT', 'This visit has already been rated');
        emit({
          type: 'ticket.rated',
          ticketId: latest.id,
          counterId: latest.counterId,
          data: { number: latest.number, level: body.level },
        });
        // 好差评 rules: every 不满意/非常不满意 is verified and rectified; its work order opens with it.
        if (isBadRating(body.level)) {
          await openWorkOrder(tx, now, emit, {
            hallId: latest.hallId,
            source: 'rating',
            rootTicketId: root.id,
            counterId: latest.counterId,
            staffId: latest.staffId,
            summary: body.comment ?? '',
          });
        }
        return { rating: { level: body.level, at: now.toISOString() } };
      },
    );
  }

  return { issue, view, cancel, rate, resolveVisit, visitOfTicket, visitOfToken, viewOfVisit, queueOrder };
}

export type TicketService = ReturnType<typeof createTicketService>;
