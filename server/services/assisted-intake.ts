import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { services, tickets } from '../../db/schema';
import type { IssueTicketBody } from '../contracts/api';
import type { IssuedByMe } from '../contracts/volunteer';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import type { StaffActor } from './actors';
import { findHall } from './lookups';
import { type Result, fail, ok } from './result';
import type { IssuedTicket } from './ticket-issue';
import type { TicketService } from './tickets';

/** Who may take a number for a citizen, and so give it a priority class. */
const assistingRoles = new Set(['volunteer', 'staff', 'leader', 'admin']);

/**
 * 志愿+政务 and 帮办: a volunteer (or staff) takes numbers for citizens who need help, with
 * the priority class they see (elderly, disabled, pregnant, green channel). A priority class
 * is a judgement made in the hall by a person accountable for it, so an anonymous request
 * (a phone, a kiosk) may only take a normal number.
 */
export function createAssistedIntake({ db, clock, tickets: ticketService, publicUrl }: { db: Db; clock: Clock; tickets: TicketService; publicUrl?: string | undefined }) {
  async function issue(hallRef: string, body: IssueTicketBody, actor: StaffActor | null, idempotencyKey?: string): Promise<Result<IssuedTicket>> {
    const priority = body.priorityClass ?? 'normal';
    const hall = actor ? await findHall(db, hallRef) : undefined;
    const assisting = actor !== null && hall !== undefined && hall.id === actor.hallId && assistingRoles.has(actor.role);
    if (priority !== 'normal' && !assisting) {
      return fail('FORBIDDEN', 'A priority class is given only by the hall\'s staff or volunteers');
    }
    // Staff who take a normal number for themselves on the public page stay a kiosk or phone
    // ticket; a volunteer's number, or any number with a class, is taken on someone's behalf.
    const onBehalf = assisting && (actor.role === 'volunteer' || body.priorityClass !== undefined);
    return ticketService.issue(hallRef, {
      ...body,
      priorityClass: priority,
      ...(onBehalf ? { assisted: { staffId: actor.id, channel: actor.role === 'volunteer' ? 'volunteer' : 'staff' } } : {}),
      ...(actor && !onBehalf ? { signedIn: actor.id } : {}),
      idempotencyKey,
    });
  }

  /** Today's numbers this person took for citizens, newest first: the volunteer's tablet shows them. */
  async function issuedByMe(actor: StaffActor): Promise<Result<IssuedByMe>> {
    const hall = await findHall(db, actor.hallId);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const day = localTime(clock.now(), hall.timeZone).day;
    const rows = await db
      .select({
        id: tickets.id,
        number: tickets.number,
        serviceId: tickets.serviceId,
        serviceName: services.name,
        priorityClass: tickets.priorityClass,
        status: tickets.status,
        issuedAt: tickets.issuedAt,
        token: tickets.token,
      })
      .from(tickets)
      .innerJoin(services, eq(services.id, tickets.serviceId))
      .where(and(eq(tickets.issuedBy, actor.id), eq(tickets.day, day), inArray(tickets.channel, ['volunteer', 'staff'])))
      .orderBy(desc(tickets.issuedAt), desc(tickets.number))
      .limit(20);
    return ok({
      tickets: rows
        .filter((r) => r.token !== null)
        .map((r) => ({
          id: r.id,
          number: r.number,
          serviceId: r.serviceId,
          serviceName: r.serviceName,
          priorityClass: r.priorityClass as IssuedByMe['tickets'][number]['priorityClass'],
          status: r.status as IssuedByMe['tickets'][number]['status'],
          issuedAt: r.issuedAt.toISOString(),
          url: `${publicUrl ?? ''}/t/${r.token ?? ''}`,
        })),
    });
  }

  return { issue, issuedByMe };
}

export type AssistedIntake = ReturnType<typeof createAssistedIntake>;
