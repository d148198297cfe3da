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

/**
 * Runs one command in one transaction: claim the idempotency key, run the body,
 * append its events, store the answer, commit; then tell the listeners. A retried
 * key returns the stored answer; a failed command leaves nothing behind.
 */
export function createCommandRunner(db: Db, clock: Clock, listeners: CommittedListener[]) {
  return async function runCommand<T>(
    options: CommandOptions,
    body: (ctx: CommandContext) => Promise<T>,
  ): Promise<Result<T>> {
    const print = fingerprint(options.request);
    for (let attempt = 0; ; attempt += 1) {
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
          const committed = await appendEvents(tx, options.hallId, options.actor, now, pending);
          return { kind: 'done', data, events: committed };
        });
        if (outcome.kind === 'replay') return outcome.result;
        if (outcome.events.length > 0) for (const listener of listeners) listener(outcome.events);
        return ok(outcome.data);
      } catch (error) {
        if (error instanceof Refusal) return fail(error.code, error.message);
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
      }
    }
  };
}

export type RunCommand = ReturnType<typeof createCommandRunner>;
