import type { RateLimiterRes } from 'rate-limiter-flexible';
import { type RateLimitDriver, createCounter } from './rate-limit-driver';

export type LimitVerdict =
  | { ok: true }
  | { ok: false; scope: 'phone' | 'ip'; limit: number; retryAfterSeconds: number };

export interface IntakeLimitRequest {
  hallId: string;
  /** The hall's local date: the phone's allowance is per calendar day of the hall. */
  day: string;
  limits: { perPhonePerDay: number | null; perIpPerHour: number | null };
  phone?: string | undefined;
  /** Null for a registered hall device, which is never counted as an address. */
  ip: string | null;
}

/**
 * The limits differ per hall and an admin may change them at any time, so the limiters
 * count without a ceiling of their own and the hall's figure is compared here: a changed
 * setting applies at once to the counts already made.
 */
const uncapped = 1_000_000_000;
const day = 24 * 3600;
const hour = 3600;

export interface IntakeLimits {
  readonly enabled: boolean;
  consume: (request: IntakeLimitRequest) => Promise<LimitVerdict>;
  /** Gives the phone's point back when the ticket was not issued (closed, cap reached). */
  refundPhone: (request: IntakeLimitRequest) => Promise<void>;
}

export function createIntakeLimits(driver: RateLimitDriver): IntakeLimits {
  if (driver.kind === 'off') {
    return { enabled: false, consume: () => Promise.resolve({ ok: true }), refundPhone: () => Promise.resolve() };
  }
  const perPhone = createCounter(driver, ['take', 'phone'], { points: uncapped, duration: day });
  const perIp = createCounter(driver, ['take', 'ip'], { points: uncapped, duration: hour });

  const phoneKey = (r: IntakeLimitRequest) => `${r.hallId}:${r.day}:${r.phone ?? ''}`;
  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  async function consume(r: IntakeLimitRequest): Promise<LimitVerdict> {
    const ipLimit = r.limits.perIpPerHour;
    if (r.ip !== null && ipLimit !== null) {
      const res = await perIp.consume(`${r.hallId}:${r.ip}`);
      if (res.consumedPoints > ipLimit) return { ok: false, scope: 'ip', limit: ipLimit, retryAfterSeconds: retryAfter(res) };
    }
    const phoneLimit = r.limits.perPhonePerDay;
    if (r.phone && phoneLimit !== null) {
      const res = await perPhone.consume(phoneKey(r));
      if (res.consumedPoints > phoneLimit) {
        // A refused attempt does not eat into tomorrow's view of today: keep the count at the limit.
        await perPhone.reward(phoneKey(r), 1);
        return { ok: false, scope: 'phone', limit: phoneLimit, retryAfterSeconds: retryAfter(res) };
      }
    }
    return { ok: true };
  }

  async function refundPhone(r: IntakeLimitRequest): Promise<void> {
    if (r.phone && r.limits.perPhonePerDay !== null) await perPhone.reward(phoneKey(r), 1);
  }

  return { enabled: true, consume, refundPhone };
}
