import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { services, tickets } from '../../db/schema';
import type { FindTicketsBody, FoundTicket } from '../contracts/citizen';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { maskPhone } from '../domain/masking';
import { type GuessLimiter, tooManyGuesses } from './guess-limiter';
import { findHall } from './lookups';
import { type Result, fail, ok } from './result';

export interface TicketFinderDeps {
  db: Db;
  clock: Clock;
  limiter: GuessLimiter;
  /** The visit's current status (a transfer continues under the same link). */
  statusOf: (token: string) => Promise<string | null>;
  ticketUrl: (token: string) => string;
}

/**
 * 找回排队号 by phone. The phone and the number of one of today's tickets taken with it at this
 * hall must both match; then every ticket that phone took here today is listed (masked), so a
 * citizen who remembers one number finds the others too. A wrong pair answers exactly like an
 * unknown one (404), and counts as a guess against the address and against the phone, so
 * nobody can walk the numbers (A001, A002, …) of someone else's phone, nor spread the guesses
 * over many addresses.
 */
export function createTicketFinder({ db, clock, limiter, statusOf, ticketUrl }: TicketFinderDeps) {
  const notFound = (): Result<never> => fail('NOT_FOUND', 'No ticket of today with this phone and number');

  async function find(hallRef: string, body: FindTicketsBody, ip: string): Promise<Result<{ tickets: FoundTicket[] }>> {
    const phoneKey = `phone:${body.phone}`;
    const waits = await Promise.all([limiter.retryAfter(ip), limiter.retryAfter(phoneKey)]);
    const wait = Math.max(...waits.map((w) => w ?? 0));
    if (wait > 0) return tooManyGuesses(wait);
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const day = localTime(clock.now(), hall.timeZone).day;
    // The first ticket of each visit carries the link and the phone; transfers follow the link.
    const rows = await db
      .select({ token: tickets.token, number: tickets.number, issuedAt: tickets.issuedAt, serviceName: services.name })
      .from(tickets)
      .innerJoin(services, eq(services.id, tickets.serviceId))
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.day, day), eq(tickets.phone, body.phone), isNotNull(tickets.token)))
      .orderBy(asc(tickets.issuedAt));
    if (!rows.some((r) => r.number === body.number)) {
      await Promise.all([limiter.miss(ip), limiter.miss(phoneKey)]);
      return notFound();
    }
    const found: FoundTicket[] = [];
    for (const r of rows) {
      if (!r.token) continue;
      const status = await statusOf(r.token);
      if (!status) continue;
      found.push({
        number: r.number,
        serviceName: r.serviceName,
        status,
        issuedAt: r.issuedAt.toISOString(),
        phoneMasked: maskPhone(body.phone),
        url: ticketUrl(r.token),
      });
    }
    return ok({ tickets: found });
  }

  return { find };
}

export type TicketFinder = ReturnType<typeof createTicketFinder>;
