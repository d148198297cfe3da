import type { Db } from '../../db/client';
import { settingsOf } from '../../db/schema';
import type { IssueTicketBody } from '../contracts/api';
import { intakeReasons } from '../contracts/citizen';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { isRegisteredDevice } from './display-devices';
import { intakeActor, issuedUnderKey, minAnonymousKeyLength } from './intake-keys';
import type { IntakeLimits } from './intake-limits';
import { findHall } from './lookups';
import { type Result, fail } from './result';
import type { IssuedTicket } from './ticket-issue';

export interface IntakeClient {
  ip: string;
  deviceKey?: string | undefined;
}

/**
 * 取号 by a citizen (phone, web or kiosk): the hall's rate limits, then the ticket. A hall
 * device registered with a key (the kiosk, like the hall TVs) is known by its key, never
 * counted as an address; its phone numbers, if any, still count.
 */
export function createCitizenIntake({ db, clock, tickets, limits }: { db: Db; clock: Clock; tickets: { issue: (hallRef: string, body: IssueTicketBody, idempotencyKey?: string) => Promise<Result<IssuedTicket>> }; limits: IntakeLimits }) {
  async function take(hallRef: string, body: IssueTicketBody, client: IntakeClient, idempotencyKey?: string): Promise<Result<IssuedTicket>> {
    if (idempotencyKey !== undefined && idempotencyKey.length < minAnonymousKeyLength) {
      return fail('VALIDATION', `Idempotency-Key: at least ${minAnonymousKeyLength} characters (a random UUID) when taking a number without signing in`);
    }
    if (!limits.enabled) return tickets.issue(hallRef, body, idempotencyKey);
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    // A retry of a number already given is answered as it was, without counting it again.
    if (idempotencyKey && (await issuedUnderKey(db, intakeActor(body.channel ?? 'kiosk', hall.id), idempotencyKey))) {
      return tickets.issue(hallRef, body, idempotencyKey);
    }
    const settings = settingsOf(hall);
    const device = await isRegisteredDevice(db, client.deviceKey, hall.id);
    const request = {
      hallId: hall.id,
      day: localTime(clock.now(), hall.timeZone).day,
      limits: { perPhonePerDay: settings.ticketsPerPhonePerDay, perIpPerHour: settings.ticketsPerIpPerHour },
      phone: body.phone,
      ip: device ? null : client.ip,
    };
    const verdict = await limits.consume(request);
    if (!verdict.ok) {
      return verdict.scope === 'phone'
        ? fail('RATE_LIMITED', `This phone number has taken its ${verdict.limit} numbers for today`, {
            reason: intakeReasons.phoneDailyLimit,
            details: { limit: verdict.limit },
          })
        : fail('RATE_LIMITED', `Too many numbers taken from this address; try again in ${verdict.retryAfterSeconds} s`, {
            reason: intakeReasons.ipLimit,
            details: { limit: verdict.limit, retryAfterSeconds: verdict.retryAfterSeconds },
          });
    }
    const issued = await tickets.issue(hallRef, body, idempotencyKey);
    // The number was not given (closed, cap reached, unknown service): the phone keeps its allowance.
    if (!issued.ok) await limits.refundPhone(request);
    return issued;
  }

  return { take };
}

export type CitizenIntake = ReturnType<typeof createCitizenIntake>;
