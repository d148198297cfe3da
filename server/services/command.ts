import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { commands } from '../../db/schema';
import type { Clock } from '../domain/clock';
import { type CommittedEvent, type NewEvent, appendEvents } from './events';
import { type Result, Refusal, fail, ok } from './result';

export interface CommandContext {
  tx: Tx;
  now: Date;
  /** Queue an event; it is appended with the hall's next seq when the body returns. */
  emit: (event: NewEvent) => void;
}

export interface CommandOptions {
  /** Who acts: `staff:<id>`, `citizen:<ticket>`, `kiosk:<hall>`, `system`. */
  actor: string;
  hallId: string;
  idempotencyKey?: string | undefined;
  /** What the command was asked to do; a reused key with another request is refused. */
  request: unknown;
}

export type CommittedListener = (events: CommittedEvent[]) => void;

const retryable = new Set(['40001', '40P01']);

function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function constraintOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth += 1) {
    const name = (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ??
      (e as { constraint?: unknown }).constraint;
    if (typeof name === 'string') return name;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function fingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request ?? null)).digest('base64url');
}

type Outcome<T> = { kind: 'done'; data: T; events: CommittedEvent[] } | { kind: 'replay'; result: Result<T> };

interface InFlight {
  hallId: string;
  /** The first seq the transaction appended; set once appendEvents returned. */
  first: number | null;
}

/**
 * Hands committed batches to the listeners in seq order per hall. The database commits a
 * hall's events in seq order (the hall row stays locked from seq assignment to commit),
 * but the driver does not report commits in that order: under load a later transaction's
 * promise often settles a few ms before an earlier one's, and the relay would push seq 7
 * before seq 5. So a committed batch waits while a transaction of this process that holds
 * lower seqs of the same hall is still finishing (commit or rollback). Such a transaction
 * has always registered its seqs before the later one could take its own, so nothing
 * waits on a guess. Other processes' seqs are not known here: clients fill those gaps.
 * A transaction that takes longer than `maxHoldMs` to report back stops holding the others
 * (the push is late then, and clients put it in order): pushes never stall on one.
 */
function createCommitOrder(listeners: CommittedListener[], maxHoldMs = 2_000) {
  const inFlight = new Map<string, Set<InFlight>>();
  const ready = new Map<string, CommittedEvent[][]>();
  const holdTimers = new Map<string, NodeJS.Timeout>();

  function release(hallId: string) {
    const pending = inFlight.get(hallId);
    let lowest = Infinity;
    for (const t of pending ?? []) if (t.first !== null && t.first < lowest) lowest = t.first;
    const batches = (ready.get(hallId) ?? []).sort((a, b) => (a[0]?.seq ?? 0) - (b[0]?.seq ?? 0));
    while (batches.length > 0 && (batches[0]?.[0]?.seq ?? 0) < lowest) {
      const batch = batches.shift() ?? [];
      for (const listener of listeners) {
        try {
          listener(batch);
        } catch (error) {
          // One listener's failure must not stop the pushes of other commands' events.
          console.error('commit listener failed', error);
        }
      }
    }
    if (batches.length === 0) ready.delete(hallId);
    else ready.set(hallId, batches);
    if (pending?.size === 0) inFlight.delete(hallId);
    const timer = holdTimers.get(hallId);
    if (batches.length === 0 && timer) {
      clearTimeout(timer);
      holdTimers.delete(hallId);
    } else if (batches.length > 0 && !timer) {
      const hold = setTimeout(() => {
        holdTimers.delete(hallId);
        for (const t of inFlight.get(hallId) ?? []) t.first = null;
        release(hallId);
      }, maxHoldMs);
      hold.unref();
      holdTimers.set(hallId, hold);
    }
  }

  return {
    begin(hallId: string): InFlight {
      const t: InFlight = { hallId, first: null };
      const set = inFlight.get(hallId) ?? new Set<InFlight>();
      set.add(t);
      inFlight.set(hallId, set);
      return t;
    },
    /** The transaction committed (with these events) or rolled back (none). */
    end(t: InFlight, events: CommittedEvent[]) {
      inFlight.get(t.hallId)?.delete(t);
      if (events.length > 0) {
        const batches = ready.get(t.hallId) ?? [];
        batches.push(events);
        ready.set(t.hallId, batches);
      }
      release(t.hallId);
    },
  };
}

/**
 * Runs one command in one transaction: claim the idempotency key, run the body,
 * append its events, store the answer, commit; then tell the listeners. A retried
 * key returns the stored answer; a failed command leaves nothing behind.
 */
export function createCommandRunner(db: Db, clock: Clock, listeners: CommittedListener[]) {
  const order = createCommitOrder(listeners);
  return async function runCommand<T>(
    options: CommandOptions,
    body: (ctx: CommandContext) => Promise<T>,
  ): Promise<Result<T>> {
    const print = fingerprint(options.request);
    for (let attempt = 0; ; attempt += 1) {
      const flight = order.begin(options.hallId);
      let committed: CommittedEvent[] = [];
      try {
        const outcome = await db.transaction(async (tx): Promise<Outcome<T>> => {
          const now = clock.now();
          if (options.idempotencyKey) {
            const claimed = await tx
              .insert(commands)
              .values({ actor: options.actor, key: options.idempotencyKey, fingerprint: print, createdAt: now })
              .onConflictDoNothing()
              .returning({ key: commands.key });
            if (claimed.length === 0) {
              // The first attempt committed before we could insert (the insert waited for it).
              const [stored] = await tx
                .select()
                .from(commands)
                .where(and(eq(commands.actor, options.actor), eq(commands.key, options.idempotencyKey)));
              if (!stored || stored.fingerprint !== print) {
                return { kind: 'replay', result: fail('CONFLICT', 'Idempotency-Key was already used for another request') };
              }
              return { kind: 'replay', result: ok(stored.response as T) };
            }
          }
          const pending: NewEvent[] = [];
          let data = await body({ tx, now, emit: (e) => pending.push(e) });
          if (options.idempotencyKey) {
            const [stored] = await tx
              .update(commands)
              .set({ status: 200, response: data })
              .where(and(eq(commands.actor, options.actor), eq(commands.key, options.idempotencyKey)))
              .returning({ response: commands.response });
            // Answer with the stored copy, not the in-memory one: jsonb reorders object keys,
            // so a replay would otherwise not be byte-identical to the first answer.
            if (stored) data = stored.response as Awaited<T>;
          }
          // Last, so the hall-wide lock it takes is held only until the commit.
          const appended = await appendEvents(tx, options.hallId, options.actor, now, pending);
          flight.first = appended[0]?.seq ?? null;
          return { kind: 'done', data, events: appended };
        });
        if (outcome.kind === 'replay') return outcome.result;
        committed = outcome.events;
        return ok(outcome.data);
      } catch (error) {
        if (error instanceof Refusal) return fail(error.code, error.message, error.detail);
        const code = pgCode(error);
        if (code && retryable.has(code) && attempt < 3) continue;
        if (code === '23505') {
          const constraint = constraintOf(error);
          if (constraint === 'tickets_one_active_per_counter') {
            return fail('CONFLICT', 'This counter already has a ticket called or in service');
          }
          if (attempt < 3) continue;
          return fail('CONFLICT', 'The request conflicts with a concurrent change; try again');
        }
        throw error;
      } finally {
        // Committed: its events go out once every lower seq of this process has. Rolled
        // back: it holds no seqs any more, so what waited on it goes out now.
        order.end(flight, committed);
      }
    }
  };
}

export type RunCommand = ReturnType<typeof createCommandRunner>;
