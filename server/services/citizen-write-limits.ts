import type { RateLimiterRes } from 'rate-limiter-flexible';
import { settingsOf } from '../../db/schema';
import type { Clock } from '../domain/clock';
import { localTime } from '../domain/hall-time';
import { isRegisteredDevice } from './display-devices';
import type { Db } from '../../db/client';
import type { HallRow } from './lookups';
import { type RateLimitDriver, createCounter } from './rate-limit-driver';
import { type Result, fail } from './result';

/** What an anonymous citizen writes into the hall's books. Each is counted on its own. */
export type CitizenWrite = 'appointment' | 'case';

/** Who is writing: the address, and the key of a registered hall device (kiosk) if it sent one. */
export interface WriteClient {
  ip: string;
  deviceKey?: string | undefined;
}

/** One allowance taken; give it back when nothing was written. */
export interface WriteAllowance {
  refund: () => Promise<void>;
}

const uncapped = 1_000_000_000;
const daySeconds = 24 * 3600;

/**
 * Limits on what an anonymous citizen can write per hall day: appointments and 办不成事
 * cases, per phone and per address, from the hall's settings (null: no limit). Without them
 * one address booked every place of a day under invented names. A registered kiosk is never
 * counted as an address (its phones still are). Like the 取号 limits, the counters have no
 * ceiling of their own and the hall's figure is compared here, so a changed setting applies
 * at once to the counts already made.
 */
export function createCitizenWriteLimits({ db, clock, driver }: { db: Db; clock: Clock; driver: RateLimitDriver }) {
  if (driver.kind === 'off') {
    const none: WriteAllowance = { refund: () => Promise.resolve() };
    return { take: (): Promise<Result<WriteAllowance>> => Promise.resolve({ ok: true, data: none }) };
  }
  const counters = {
    appointment: {
      phone: createCounter(driver, ['write', 'appointment', 'phone'], { points: uncapped, duration: daySeconds }),
      ip: createCounter(driver, ['write', 'appointment', 'ip'], { points: uncapped, duration: daySeconds }),
    },
    case: {
      phone: createCounter(driver, ['write', 'case', 'phone'], { points: uncapped, duration: daySeconds }),
      ip: createCounter(driver, ['write', 'case', 'ip'], { points: uncapped, duration: daySeconds }),
    },
  };
  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  async function take(what: CitizenWrite, hall: HallRow, client: WriteClient, phone: string | null | undefined): Promise<Result<WriteAllowance>> {
    const settings = settingsOf(hall);
    const limits =
      what === 'appointment'
        ? { phone: settings.appointmentsPerPhonePerDay, ip: settings.appointmentsPerIpPerDay }
        : { phone: settings.casesPerPhonePerDay, ip: settings.casesPerIpPerDay };
    const day = localTime(clock.now(), hall.timeZone).day;
    const kiosk = await isRegisteredDevice(db, client.deviceKey, hall.id);
    const taken: Array<() => Promise<unknown>> = [];
    const refund = async () => {
      for (const give of taken) await give();
    };

    const checks: Array<{ scope: 'ip' | 'phone'; key: string | null; limit: number | null }> = [
      { scope: 'ip', key: kiosk ? null : client.ip, limit: limits.ip },
      { scope: 'phone', key: phone ?? null, limit: limits.phone },
    ];
    for (const { scope, key, limit } of checks) {
      if (key === null || limit === null) continue;
      const counter = counters[what][scope];
      const counted = `${hall.id}:${day}:${key}`;
      const res = await counter.consume(counted);
      taken.push(() => counter.reward(counted, 1));
      if (res.consumedPoints > limit) {
        await refund();
        return fail('RATE_LIMITED', `At most ${limit} per ${scope === 'ip' ? 'address' : 'phone'} and day`, {
          reason: scope === 'ip' ? 'IP_DAILY_LIMIT' : 'PHONE_DAILY_LIMIT',
          details: { limit, retryAfterSeconds: retryAfter(res) },
        });
      }
    }
    return { ok: true, data: { refund } };
  }

  return { take };
}

export type CitizenWriteLimits = ReturnType<typeof createCitizenWriteLimits>;
