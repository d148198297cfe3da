import { RateLimiterRes } from 'rate-limiter-flexible';
import { type RateLimitDriver, createCounter } from './rate-limit-driver';
import { type Result, fail } from './result';

/**
 * What a citizen is trying to find with a secret. Each purpose counts on its own: ten
 * mistyped case lookups on the hall's Wi-Fi (one address for everybody there) must never
 * refuse the next citizen's appointment check-in.
 */
export type GuessPurpose = 'case-lookup' | 'appointment-code' | 'check-in' | 'ticket-finder';

export interface GuessLimiter {
  /** Seconds until the address may try again, or null while it may. */
  retryAfter: (ip: string) => Promise<number | null>;
  /** A lookup from this address found nothing: one more guess counted. */
  miss: (ip: string) => Promise<void>;
}

/**
 * Counts wrong guesses of a secret (a case number with its phone's last four digits, an
 * appointment code) per address and purpose, never right answers: a hall's kiosk checking
 * in a queue of appointments is never slowed, while someone trying codes in turn is stopped
 * after a few. 10 misses in 10 minutes block the address for 15 minutes. The counts live
 * where the 取号 limits do: in Redis when several processes share it, so an address gets one
 * budget in all of them, else in this process's memory; RATE_LIMITS=off (`off`) counts nothing.
 */
export function createGuessLimiter(
  driver: RateLimitDriver,
  purpose: GuessPurpose,
  points = 10,
  durationSeconds = 600,
  blockSeconds = 900,
): GuessLimiter {
  if (driver.kind === 'off') return { retryAfter: () => Promise.resolve(null), miss: () => Promise.resolve() };
  const limiter = createCounter(driver, ['guess', purpose], { points, duration: durationSeconds, blockDuration: blockSeconds });
  return {
    retryAfter: async (ip) => {
      const res = await limiter.get(ip);
      if (res === null || res.consumedPoints < points) return null;
      return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    },
    miss: async (ip) => {
      // consume() rejects (with the count) past the limit; either way the count is what matters.
      const res = await limiter.consume(ip).then(
        (r) => r,
        (r: unknown) => (r instanceof RateLimiterRes ? r : null),
      );
      // The miss that reaches the limit starts the block: the address stays refused for the
      // whole block, not only until its counting window runs out.
      if (res && res.consumedPoints >= points) await limiter.block(ip, blockSeconds);
    },
  };
}

/** The answer while an address is blocked: the pages say, in the reader's words, when to try again. */
export function tooManyGuesses(retryAfterSeconds: number): Result<never> {
  return fail('RATE_LIMITED', `Too many wrong entries from this address; try again in ${Math.ceil(retryAfterSeconds / 60)} min`, {
    reason: 'TOO_MANY_GUESSES',
    details: { retryAfterSeconds },
  });
}
