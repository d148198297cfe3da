import { RateLimiterRes } from 'rate-limiter-flexible';
import { type RateLimitDriver, createCounter } from './rate-limit-driver';

export interface GuessLimiter {
  /** True while the address may not look anything up. */
  blocked: (ip: string) => Promise<boolean>;
  /** A lookup from this address found nothing: one more guess counted. */
  miss: (ip: string) => Promise<void>;
}

/**
 * Counts wrong guesses of a secret (a case number with its phone's last four digits, an
 * appointment code) per address, never right answers: a hall's kiosk checking in a queue
 * of appointments is never slowed, while someone trying codes in turn is stopped after a
 * few. 10 misses in 10 minutes block the address for 15 minutes. The counts live where the
 * 取号 limits do: in Redis when several processes share it, so an address gets one budget
 * in all of them, else in this process's memory; RATE_LIMITS=off (`off`) counts nothing.
 */
export function createGuessLimiter(driver: RateLimitDriver, points = 10, durationSeconds = 600, blockSeconds = 900): GuessLimiter {
  if (driver.kind === 'off') return { blocked: () => Promise.resolve(false), miss: () => Promise.resolve() };
  const limiter = createCounter(driver, ['guess'], { points, duration: durationSeconds, blockDuration: blockSeconds });
  return {
    blocked: async (ip) => {
      const res = await limiter.get(ip);
      return res !== null && res.consumedPoints >= points;
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
