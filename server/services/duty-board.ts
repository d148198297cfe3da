import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { counters, refusals, staff, tickets, unresolvedCases } from '../../db/schema';
import type { DutyBoard, OpenCase } from '../contracts/governance';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { startOfLocalDay } from '../domain/local-day';
import { maskIdNumbersIn, maskPhone } from '../domain/masking';
import { refusalsDecidedSince } from './counter-refusals';
import type { StaffActor } from './actors';
import { dutyLeaderOn } from './duty-roster';
import { findHall } from './lookups';
import { type Result, fail, ok } from './result';
import { visitSummary } from './visit-history';

function openerOf(openedBy: string): OpenCase['openedBy'] {
  if (openedBy.startsWith('staff:')) return 'staff';
  if (openedBy.startsWith('citizen:')) return 'citizen';
  return 'anonymous';
}

/** What the duty leader's page shows: pending refusals and open cases, each with its visit's history. */
const maskedOrNull = (phone: string | null | undefined) => (phone ? maskPhone(phone) : null);

export function createDutyBoardService({ db, clock }: { db: Db; clock: Clock }) {
  return async function board(actor: StaffActor, hallRef: string): Promise<Result<DutyBoard>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId || (actor.role !== 'leader' && actor.role !== 'admin')) {
      return fail('FORBIDDEN', "Only the hall's leaders and admins see its duty board");
    }
    const now = clock.now();
    const day = localTime(now, hall.timeZone).day;
    const [onDuty, decidedToday, pending, cases, members] = await Promise.all([
      dutyLeaderOn(db, hall, day),
      refusalsDecidedSince(db, hall.id, startOfLocalDay(day, hall.timeZone)),
      db
        .select({ refusal: refusals, counterNumber: counters.number, requester: { id: staff.id, displayName: staff.displayName } })
        .from(refusals)
        .innerJoin(counters, eq(counters.id, refusals.counterId))
        .innerJoin(staff, eq(staff.id, refusals.requestedBy))
        .where(and(eq(refusals.hallId, hall.id), eq(refusals.status, 'pending')))
        .orderBy(asc(refusals.requestedAt)),
      db
        .select()
        .from(unresolvedCases)
        .where(and(eq(unresolvedCases.hallId, hall.id), ne(unresolvedCases.status, 'closed')))
        .orderBy(asc(unresolvedCases.deadline)),
      db
        .select({ id: staff.id, displayName: staff.displayName, role: staff.role })
        .from(staff)
        .where(and(eq(staff.hallId, hall.id), eq(staff.active, true), inArray(staff.role, ['staff', 'leader'])))
        .orderBy(asc(staff.username)),
    ]);
    const names = new Map(members.map((m) => [m.id, m.displayName]));
    // A case opened from a ticket keeps the citizen's phone on the ticket, not on the case.
    const caseTicketIds = [...new Set(cases.flatMap((c) => (!c.phone && c.rootTicketId ? [c.rootTicketId] : [])))];
    const ticketPhones = new Map(
      caseTicketIds.length === 0
        ? []
        : (await db.select({ id: tickets.id, phone: tickets.phone }).from(tickets).where(inArray(tickets.id, caseTicketIds))).map((r) => [r.id, r.phone]),
    );
    const refusalViews = await Promise.all(
      pending.map(async ({ refusal, counterNumber, requester }) => {
        const ticket = await visitSummary(db, refusal.rootTicketId);
        if (!ticket) return null;
        return {
          id: refusal.id,
          counterNumber,
          requestedBy: requester,
          reason: maskIdNumbersIn(refusal.reason),
          legalBasis: maskIdNumbersIn(refusal.legalBasis),
          items: refusal.items.map(maskIdNumbersIn),
          requestedAt: refusal.requestedAt.toISOString(),
          ticket,
        };
      }),
    );
    const caseViews = await Promise.all(
      cases.map(async (c) => ({
        id: c.id,
        status: c.status,
        // ID numbers a citizen typed are for the case's handler only.
        description: c.assignedTo === actor.id ? c.description : maskIdNumbersIn(c.description),
        phoneMasked: maskedOrNull(c.phone ?? (c.rootTicketId ? ticketPhones.get(c.rootTicketId) : null)),
        openedBy: openerOf(c.openedBy),
        openedAt: c.openedAt.toISOString(),
        deadline: c.deadline.toISOString(),
        overdue: now > c.deadline,
        assignedTo: c.assignedTo ? { id: c.assignedTo, displayName: names.get(c.assignedTo) ?? '' } : null,
        ticket: c.rootTicketId ? await visitSummary(db, c.rootTicketId) : null,
      })),
    );
    return ok({
      hall: { id: hall.id, slug: hall.slug, name: hall.name },
      day,
      onDuty: onDuty?.staff ?? null,
      now: now.toISOString(),
      refusals: refusalViews.filter((r): r is NonNullable<typeof r> => r !== null),
      decidedToday,
      cases: caseViews,
      staff: members,
    });
  };
}
