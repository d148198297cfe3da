import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { halls } from '../../db/schema';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import type { Db } from '../../db/client';
import { cases, conditionalAcceptances, counters, refusals, services, tickets } from '../../db/schema';
import type { PrintVisit } from '../contracts/print';
import type { StaffActor } from './actors';
import { type Result, fail, ok } from './result';
import type { TicketService } from './tickets';

/** Who prints for citizens: the hall's clerks, volunteers, leaders and admins; not inspectors. */
const printers = new Set<StaffActor['role']>(['staff', 'volunteer', 'leader', 'admin']);

/**
 * The facts of a visit for printed paper (号票, 受理回执, 一次性告知书, 容缺承诺书). They are
 * the citizen's own page's facts (tickets.view), so paper and phone never say different
 * things; a staff member of the ticket's hall asks by ticket id.
 */
export function createPrintService(deps: { db: Db; clock: Clock; tickets: TicketService; publicUrl?: string | undefined }) {
  const { db, clock, tickets: ticketService, publicUrl } = deps;
  async function visit(actor: StaffActor, ticketId: string): Promise<Result<PrintVisit>> {
    if (!printers.has(actor.role)) return fail('FORBIDDEN', 'Only staff of the hall print for citizens');
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId)).limit(1);
    if (!ticket) return fail('NOT_FOUND', 'Ticket not found');
    if (ticket.hallId !== actor.hallId) return fail('FORBIDDEN', 'This ticket belongs to another hall');
    const rootId = ticket.rootTicketId ?? ticket.id;
    const [root] = rootId === ticket.id ? [ticket] : await db.select().from(tickets).where(eq(tickets.id, rootId)).limit(1);
    if (!root?.token) return fail('NOT_FOUND', 'The visit has no citizen link');
    const [view, [visitCase], [service]] = await Promise.all([
      // The paper of a visit, not the citizen's link: staff reprint an old visit's documents
      // after its link has ended (retention ends the link, not the visit's record).
      ticketService.viewOfVisit(root.id),
      db.select({ caseNo: cases.caseNo }).from(cases).where(eq(cases.rootTicketId, root.id)).orderBy(desc(cases.acceptedAt)).limit(1),
      db.select({ guide: services.guide }).from(services).where(eq(services.id, ticket.serviceId)).limit(1),
    ]);
    if (!view.ok) return view;
    const v = view.data;
    const counterOf = { number: counters.number, name: counters.name };
    const [latestStarted, noticeCounter, acceptanceCounters] = await Promise.all([
      db
        .select({ startedAt: tickets.startedAt, counter: counterOf })
        .from(tickets)
        .leftJoin(counters, eq(counters.id, tickets.counterId))
        .where(and(eq(tickets.rootTicketId, root.id), isNotNull(tickets.startedAt)))
        .orderBy(desc(tickets.startedAt))
        .limit(1),
      db
        .select(counterOf)
        .from(refusals)
        .innerJoin(counters, eq(counters.id, refusals.counterId))
        .where(and(eq(refusals.rootTicketId, root.id), eq(refusals.status, 'approved')))
        .orderBy(desc(refusals.decidedAt))
        .limit(1),
      db
        .select({ acceptanceId: conditionalAcceptances.id, ...counterOf })
        .from(conditionalAcceptances)
        .innerJoin(counters, eq(counters.id, conditionalAcceptances.counterId))
        .where(eq(conditionalAcceptances.rootTicketId, root.id)),
    ]);
    const handledBy = latestStarted[0]?.counter ?? null;
    return ok({
      ticketId: ticket.id,
      hall: { slug: v.hall.slug, name: v.hall.name },
      number: v.number,
      serviceName: v.serviceName,
      timeLimit: service?.guide.timeLimit || null,
      status: v.status,
      ahead: v.status === 'waiting' && v.position !== null ? Math.max(0, v.position - 1) : null,
      issuedAt: root.issuedAt.toISOString(),
      url: `${publicUrl ?? ''}/t/${root.token}`,
      counterNumber: handledBy?.number ?? v.counterNumber,
      counterName: handledBy?.name ?? v.counterName,
      noticeCounter: noticeCounter[0] ?? null,
      acceptanceCounters,
      startedAt: latestStarted[0]?.startedAt?.toISOString() ?? null,
      phoneMasked: v.phoneMasked,
      caseNo: visitCase?.caseNo ?? null,
      notice: v.notice ?? null,
      conditional: v.conditional ?? [],
    });
  }

  /** 按号补打: today's visit of the actor's hall with that number (its first ticket). */
  async function findToday(actor: StaffActor, number: string): Promise<Result<{ ticketId: string }>> {
    if (!printers.has(actor.role)) return fail('FORBIDDEN', 'Only staff of the hall print for citizens');
    const [hall] = await db.select({ timeZone: halls.timeZone }).from(halls).where(eq(halls.id, actor.hallId)).limit(1);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const day = localTime(clock.now(), hall.timeZone).day;
    const [row] = await db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.hallId, actor.hallId), eq(tickets.day, day), eq(tickets.number, number), isNotNull(tickets.seq)))
      .limit(1);
    return row ? ok({ ticketId: row.id }) : fail('NOT_FOUND', 'No such number today');
  }

  return { visit, findToday };
}

export type PrintService = ReturnType<typeof createPrintService>;
