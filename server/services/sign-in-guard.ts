import { RateLimiterRes } from 'rate-limiter-flexible';
import { type RateLimitDriver, createCounter } from './rate-limit-driver';

export interface SignInPolicy {
  /** Failed sign-ins of one account that pass without delay. */
  freeFailures: number;
  /** Past the free ones, each failure makes the account wait 2^(n-1) seconds (1, 2, 4, 8, …). */
  maxDelaySeconds: number;
  /** Failures of one account that lock it … */
  lockAfter: number;
  /** … for this long, unless an admin lifts the lock first. */
  lockSeconds: number;
  /** Failures are counted over this window (seconds); a success starts the count again. */
  windowSeconds: number;
  /** Failures from one address (any accounts) that block the address … */
  addressFailures: number;
  /** … for this long. */
  addressBlockSeconds: number;
}

/**
 * Ten wrong passwords lock an account for 15 minutes; from the sixth on, each wrong one
 * makes it wait longer (1, 2, 4, 8 s). An address is blocked after 50 failures in the window:
 * high on purpose, since a hall's counters often share one address.
 */
export const defaultSignInPolicy: SignInPolicy = {
  freeFailures: 5,
  maxDelaySeconds: 60,
  lockAfter: 10,
  lockSeconds: 900,
  windowSeconds: 3600,
  addressFailures: 50,
  addressBlockSeconds: 900,
};

export type SignInRefusal = { reason: 'ACCOUNT_LOCKED' | 'SIGN_IN_DELAY' | 'ADDRESS_BLOCKED'; retryAfterSeconds: number };

export interface SignInGuard {
  /** Why this account or address may not try now, and for how long; null when it may. */
  check: (username: string, address: string) => Promise<SignInRefusal | null>;
  /** A wrong username or password: counted against the account and the address. */
  failed: (username: string, address: string) => Promise<void>;
  /** A good sign-in starts the account's count again (the address's stays). */
  succeeded: (username: string) => Promise<void>;
  /** An admin lifts an account's lockout and delay. */
  unlock: (username: string) => Promise<void>;
}

/** consume() rejects with the count once past the points; either way the count is what matters. */
async function count(limiter: ReturnType<typeof createCounter>, key: string): Promise<number> {
  const res = await limiter.consume(key).then(
    (r) => r,
    (r: unknown) => (r instanceof RateLimiterRes ? r : null),
  );
  return res?.consumedPoints ?? 0;
}

/** Seconds left on a block set with `block()` (which consumes points + 1), or 0. */
async function blockedFor(limiter: ReturnType<typeof createCounter>, key: string, points: number): Promise<number> {
  const res = await limiter.get(key);
  if (!res || res.consumedPoints <= points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Limits on guessing staff passwords, per account and per address, on the rate-limit driver
 * (memory, or Redis shared by several processes); RATE_LIMITS=off (`off`) lifts them, for
 * load tests that sign in many times. Counts live in the limiter, not the database, so a
 * flood of wrong passwords costs no writes beyond the attempt record.
 */
export function createSignInGuard(driver: RateLimitDriver, overrides: Partial<SignInPolicy> = {}): SignInGuard {
  if (driver.kind === 'off') {
    return { check: () => Promise.resolve(null), failed: () => Promise.resolve(), succeeded: () => Promise.resolve(), unlock: () => Promise.resolve() };
  }
  const policy = { ...defaultSignInPolicy, ...overrides };
  // Failure counts never refuse by themselves (points far above any real count): the blocks do.
  const accountFailures = createCounter(driver, ['signin', 'account'], { points: 1_000_000, duration: policy.windowSeconds });
  const addressFailures = createCounter(driver, ['signin', 'address'], { points: 1_000_000, duration: policy.windowSeconds });
  const accountBlock = createCounter(driver, ['signin', 'account-block'], { points: 1, duration: 1 });
  const addressBlock = createCounter(driver, ['signin', 'address-block'], { points: 1, duration: 1 });

  return {
    check: async (username, address) => {
      const addressWait = await blockedFor(addressBlock, address, 1);
      if (addressWait > 0) return { reason: 'ADDRESS_BLOCKED', retryAfterSeconds: addressWait };
      const accountWait = await blockedFor(accountBlock, username, 1);
      if (accountWait === 0) return null;
      const failures = (await accountFailures.get(username))?.consumedPoints ?? 0;
      return { reason: failures >= policy.lockAfter ? 'ACCOUNT_LOCKED' : 'SIGN_IN_DELAY', retryAfterSeconds: accountWait };
    },
    failed: async (username, address) => {
      const n = await count(accountFailures, username);
      if (n >= policy.lockAfter) await accountBlock.block(username, policy.lockSeconds);
      else if (n > policy.freeFailures) {
        await accountBlock.block(username, Math.min(policy.maxDelaySeconds, 2 ** (n - policy.freeFailures - 1)));
      }
      if ((await count(addressFailures, address)) >= policy.addressFailures) await addressBlock.block(address, policy.addressBlockSeconds);
    },
    succeeded: async (username) => {
      await accountFailures.delete(username);
    },
    unlock: async (username) => {
      await accountFailures.delete(username);
      await accountBlock.delete(username);
    },
  };
}
