import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/**
 * Where the rate-limit counters live: one process's memory, or Redis when several processes
 * share the load (REDIS_URL), so a client cannot collect one allowance per process.
 * `off` is the RATE_LIMITS=off override for load tests.
 */
export type RateLimitDriver =
  | { kind: 'off' }
  | { kind: 'memory' }
  | { kind: 'redis'; client: Redis; keyPrefix?: string };

export interface CounterOptions {
  points: number;
  /** Seconds a count is kept. */
  duration: number;
  /** Seconds a key is refused once it goes past `points`. */
  blockDuration?: number;
}

/**
 * One counter on the driver's store. `name` keeps each counter's keys apart in Redis
 * (`hb:take:phone`, `hb:guess`, under the driver's prefix).
 */
export function createCounter(driver: Exclude<RateLimitDriver, { kind: 'off' }>, name: readonly string[], options: CounterOptions): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ ...options, keyPrefix: ['hb', ...name].join('-') });
  if (driver.kind === 'memory') return memory;
  // A Redis outage falls back to this process's memory rather than refusing every citizen.
  return new RateLimiterRedis({
    ...options,
    storeClient: driver.client,
    keyPrefix: [driver.keyPrefix ?? 'hb', ...name].join(':'),
    insuranceLimiter: memory,
  });
}
