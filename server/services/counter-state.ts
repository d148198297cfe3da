import { eq } from 'drizzle-orm';
import { counters } from '../../db/schema';
import type { StaffActor } from './actors';
import type { CounterCommand, Ctx } from './counter-command-core';
import type { CounterRow } from './lookups';
import { refuse } from './result';
import { counterViewOf } from './staff-views';

/** The counter's own state: open, pause (with a reason), resume, close. */

function counterData(counter: CounterRow) {
  return {
    counterId: counter.id,
    number: counter.number,
    status: counter.status,
    pauseReason: counter.pauseReason,
  };
}

type CounterChange = (ctx: Ctx) => Partial<typeof counters.$inferInsert>;

export function createCounterStateCommands(counterCommand: CounterCommand) {
  function counterStatusCommand(op: string, allowedFrom: readonly string[], change: CounterChange) {
    return (actor: StaffActor, counterId: string, key?: string, request: unknown = null) =>
      counterCommand(actor, counterId, op, key, request, async (ctx: Ctx) => {
        const { tx, now, emit, counter } = ctx;
        if (!allowedFrom.includes(counter.status)) refuse('CONFLICT', `The counter is ${counter.status}; it cannot ${op}`);
        const [row] = await tx
          .update(counters)
          .set({ ...change(ctx), statusSince: now })
          .where(eq(counters.id, counter.id))
          .returning();
        if (!row) throw new Error('counter vanished');
        emit({ type: 'counter.updated', counterId: row.id, data: counterData(row) });
        const view = await counterViewOf(tx, row.id);
        if (!view) throw new Error('counter vanished');
        return { counter: view };
      });
  }

  const open = counterStatusCommand('open', ['closed'], () => ({ status: 'open', pauseReason: null }));
  const resume = counterStatusCommand('resume', ['paused'], () => ({ status: 'open', pauseReason: null }));
  const closeCounter = counterStatusCommand('close', ['open', 'paused'], ({ active }) => {
    if (active) refuse('CONFLICT', `Ticket ${active.number} is still ${active.status}; finish it before closing`);
    return { status: 'closed', pauseReason: null };
  });
  function pause(actor: StaffActor, counterId: string, reason: string, key?: string) {
    return counterStatusCommand('pause', ['open'], () => ({ status: 'paused', pauseReason: reason }))(
      actor,
      counterId,
      key,
      { reason },
    );
  }

  return { open, pause, resume, close: closeCounter };
}
