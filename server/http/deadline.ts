/**
 * Every request has a deadline (DESIGN.md, "Fail fast, never hang"). When the database is
 * away or slow, the pool's own timeouts (db/client.ts) fail queries in about 2 s, but a
 * request may run several queries, or wait in the pool's queue behind others: this bounds
 * the whole request, so the client hears 503 UNAVAILABLE and retries, instead of waiting.
 *
 * Work that outlives its deadline is not cancelled: a command may still commit after its
 * client was told 503. That is why commands take an Idempotency-Key: the retry finds the
 * committed answer and nothing is done twice.
 */
export const requestDeadlineMs = 1_100;

/**
 * How much longer an overdue request may run when a fresh ping (at most 0.8 s) shows the
 * database is there: the server is busy, not cut off, and a 503 would only make the client
 * retry into the same queue. With the database away the answer still comes within
 * requestDeadlineMs + the ping's 0.8 s, under 2 s.
 */
export const busyDeadlineMs = 15_000;

/** Routes that read a year of history get longer; they are leaders' reports, not the hall's flow. */
export const reportDeadlineMs = 30_000;

export const timedOut = Symbol('timed out');
export type TimedOut = typeof timedOut;

/**
 * Settles with the work's outcome, or with `timedOut` once `ms` have passed. A rejection that
 * comes after the deadline is swallowed here (the caller has answered already); the caller logs it.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onLate?: (error: unknown) => void): Promise<T | TimedOut> {
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  const deadline = new Promise<TimedOut>((resolve) => {
    timer = setTimeout(() => {
      expired = true;
      resolve(timedOut);
    }, ms);
    timer.unref();
  });
  const guarded = work.then(
    (value): T | TimedOut => value,
    (error: unknown): TimedOut => {
      if (expired) {
        onLate?.(error);
        return timedOut;
      }
      throw error;
    },
  );
  return Promise.race([guarded, deadline]).finally(() => clearTimeout(timer));
}
