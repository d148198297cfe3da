import { eq, sql } from 'drizzle-orm';
import { halls, ratings, tickets } from '../../db/schema';
import type { RatingBody, TicketView } from '../contracts/api';
import { isBadRating } from '../domain/rectification';
import type { RunCommand } from './command';
import { enqueueNearlyAhead } from './outbox/citizen-messages';
import { openWorkOrder } from './rectification/open';
import { type Result, fail, refuse } from './result';
import type { TicketReads } from './ticket-views';

/** The citizen's commands on their visit, by its token: cancel while waiting, rate once served. */
export function createVisitCommands({ runCommand, reads }: { runCommand: RunCommand; reads: TicketReads }) {
  const { resolveVisit, view } = reads;

  async function cancel(token: string): Promise<Result<TicketView>> {
    const visit = await resolveVisit(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
    const { latest } = visit;
    const done = await runCommand(
      { actor: `citizen:${visit.root.id}`, hallId: latest.hallId, request: { op: 'cancel', token } },
      async ({ tx, now, emit }) => {
        const [locked] = await tx.select().from(tickets).where(eq(tickets.id, latest.id)).for('update');
        if (!locked || locked.status !== 'waiting') refuse('CONFLICT', 'Only a waiting ticket can be cancelled');
        await tx
          .update(tickets)
          .set({ status: 'cancelled', finishedAt: now, version: sql`${tickets.version} + 1` })
          .where(eq(tickets.id, locked.id));
        const [hall] = await tx.select().from(halls).where(eq(halls.id, locked.hallId));
        if (hall) await enqueueNearlyAhead(tx, hall, locked.serviceId, locked.day, now);
        emit({ type: 'ticket.cancelled', ticketId: locked.id, data: { number: locked.number, serviceId: locked.serviceId } });
        emit({ type: 'queue.changed', data: { serviceId: locked.serviceId } });
        return null;
      },
    );
    if (!done.ok) return done;
    return view(token);
  }

  /** 好差评: once per visit, after it was served. */
  async function rate(token: string, body: RatingBody): Promise<Result<{ rating: { level: RatingBody['level']; at: string } }>> {
    const visit = await resolveVisit(token);
    if (!visit) return fail('NOT_FOUND', 'Ticket not found');
    const { root, latest } = visit;
    if (latest.status !== 'completed') return fail('CONFLICT', 'A visit can be rated once it has been served');
    return runCommand(
      { actor: `citizen:${root.id}`, hallId: latest.hallId, request: { op: 'rate', token, body } },
      async ({ tx, now, emit }) => {
        const inserted = await tx
          .insert(ratings)
          .values({
            rootTicketId: root.id,
            hallId: latest.hallId,
            counterId: latest.counterId,
            level: body.level,
            efficiency: body.efficiency ?? null,
            serviceLevel: body.serviceLevel ?? null,
            attitude: body.attitude ?? null,
            comment: body.comment ?? null,
            at: now,
          })
          .onConflictDoNothing()
          .returning({ at: ratings.at });
        if (inserted.length === 0) refuse('CONFLICT', 'This visit has already been rated');
        emit({
          type: 'ticket.rated',
          ticketId: latest.id,
          counterId: latest.counterId,
          data: { number: latest.number, level: body.level },
        });
        // 好差评 rules: every 不满意/非常不满意 is verified and rectified; its work order opens with it.
        if (isBadRating(body.level)) {
          await openWorkOrder(tx, now, emit, {
            hallId: latest.hallId,
            source: 'rating',
            rootTicketId: root.id,
            counterId: latest.counterId,
            staffId: latest.staffId,
            summary: body.comment ?? '',
          });
        }
        return { rating: { level: body.level, at: now.toISOString() } };
      },
    );
  }

  return { cancel, rate };
}
