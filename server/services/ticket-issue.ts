import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { dailyCounters, services, settingsOf, tickets } from '../../db/schema';
import type { Channel, IssueTicketBody } from '../contracts/api';
import { intakeReasons } from '../contracts/citizen';
import type { Clock } from '../domain/clock';
import { onCalendar } from '../domain/hall-calendar';
import { localTime } from '../domain/hall-time';
import { formatTicketNumber } from '../domain/numbering';
import { nextOpening, takesNumbers } from '../domain/opening';
import { createOneAtATime } from './one-at-a-time';
import type { PriorityClass } from '../domain/ordering';
import type { RunCommand } from './command';
import { intakeActor } from './intake-keys';
import { findHall } from './lookups';
import { type Result, fail, ok, refuse } from './result';
import type { TicketReads } from './ticket-views';

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
  /**
   * The signed-in account that took the number when it took it as a citizen would (no
   * assisting role, or staff taking a plain number): it counts against the citizen limits like
   * anyone's, and the ticket still records who took it.
   */
  signedIn?: string;
  /** A retry with the same key gets the same ticket and answer (server/services/intake-keys.ts). */
  idempotencyKey?: string | undefined;
}

/** ≥128 random bits: the citizen's link cannot be guessed from a number or a time. */
function newToken(): string {
  return randomBytes(18).toString('base64url');
}

interface IssueDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  positionOf: TicketReads['positionOf'];
  ticketUrl: (token: string) => string;
}

/** 取号: a gapless number of the service's day, within its hours and daily cap. */
export function createIssueTicket({ db, clock, runCommand, positionOf, ticketUrl }: IssueDeps) {
  const perService = createOneAtATime();
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
      const { position, eta } = await positionOf(hall, service, id, day, source, true);
      return { id, number, serviceId: service.id, status: 'waiting', position, etaMinutes: { low: eta.low, high: eta.high }, token, url: ticketUrl(token) };
    };

    const issued = await perService(service.id, () => runCommand(
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
          issuedBy: request.assisted?.staffId ?? request.signedIn ?? null,
        });
        emit({ type: 'ticket.issued', ticketId: id, data: { number, serviceId: service.id, channel } });
        emit({ type: 'queue.changed', data: { serviceId: service.id } });
        // With a key the whole answer is stored, so every retry gets it as it was first given
        // (same place and estimate too); the transaction sees its own ticket in the queue.
        const answer = idempotencyKey ? await answerOf(tx, id, number, token, local.day) : null;
        return { id, number, token, day: local.day, answer };
      },
    ));
    if (!issued.ok) return issued;
    const { id, number, token, day, answer } = issued.data;
    return ok(answer ?? (await answerOf(db, id, number, token, day)));
  }

  return issue;
}
