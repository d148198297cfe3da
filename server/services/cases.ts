import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { type CaseProgressStatus, type CaseStep, cases, tickets } from '../../db/schema';
import type { ProgressBody } from '../contracts/conditional';
import { type StaffActor, actorId } from './actors';
import type { RunCommand } from './command';
import type { NewEvent } from './events';
import type { TicketRow } from './lookups';
import { type Result, fail, refuse } from './result';

/**
 * 办件 — an application accepted at a counter that continues after the visit. It is filed
 * when a visit is completed (or conditionally accepted) with a case number, and staff of the
 * hall move it on: accepted → in_review → approved → ready → delivered, or rejected after review.
 */
const nextSteps: Record<CaseProgressStatus, readonly CaseProgressStatus[]> = {
  accepted: ['in_review'],
  in_review: ['approved', 'rejected'],
  approved: ['ready'],
  ready: ['delivered'],
  delivered: [],
  rejected: [],
};

export function canProgress(from: CaseProgressStatus, to: CaseProgressStatus): boolean {
  return nextSteps[from].includes(to);
}

export interface FileCaseInput {
  caseNo: string;
  ticket: TicketRow;
  counterId: string;
  staffId: string;
  now: Date;
  emit: (event: NewEvent) => void;
}

/**
 * Files the case inside the caller's transaction, so a visit is never completed without the
 * case it was promised, nor a case left behind by a command that failed. A number already
 * taken refuses the whole command; the unique index catches the race the check cannot.
 */
export async function fileCase(tx: Tx, { caseNo, ticket, counterId, staffId, now, emit }: FileCaseInput): Promise<string> {
  const [taken] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.caseNo, caseNo)).limit(1);
  if (taken) refuse('CONFLICT', `Case number ${caseNo} is already in use`);
  const rootTicketId = ticket.rootTicketId ?? ticket.id;
  // The phone the citizen gave when taking the number is on the visit's first ticket.
  const [root] = rootTicketId === ticket.id ? [ticket] : await tx.select().from(tickets).where(eq(tickets.id, rootTicketId));
  const steps: CaseStep[] = [{ status: 'accepted', at: now.toISOString() }];
  const [row] = await tx
    .insert(cases)
    .values({
      hallId: ticket.hallId,
      caseNo,
      serviceId: ticket.serviceId,
      rootTicketId,
      counterId,
      staffId,
      phone: root?.phone ?? ticket.phone ?? null,
      status: 'accepted',
      steps,
      acceptedAt: now,
      updatedAt: now,
    })
    .returning({ id: cases.id });
  if (!row) throw new Error('case not inserted');
  // The number only: the phone never travels in events.
  emit({ type: 'case.filed', ticketId: ticket.id, counterId, data: { ticketId: ticket.id, caseId: row.id, caseNo, serviceId: ticket.serviceId } });
  return row.id;
}

type ProgressResult = { case: { caseNo: string; status: CaseProgressStatus; steps: CaseStep[]; updatedAt: string } };

export function createCaseProgressService({ runCommand }: { runCommand: RunCommand }) {
  /** Staff and leaders of the case's hall move it one legal step on. */
  async function progress(actor: StaffActor, caseNo: string, body: ProgressBody, key?: string): Promise<Result<ProgressResult>> {
    if (actor.role !== 'staff' && actor.role !== 'leader') return fail('FORBIDDEN', 'Only staff and leaders of the hall move a case on');
    return runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op: 'case-progress', caseNo, body } },
      async ({ tx, now, emit }) => {
        const [row] = await tx.select().from(cases).where(eq(cases.caseNo, caseNo)).for('update');
        if (!row) refuse('NOT_FOUND', 'Case not found');
        if (row.hallId !== actor.hallId) refuse('FORBIDDEN', 'This case belongs to another hall');
        if (!canProgress(row.status, body.status)) refuse('CONFLICT', `A case that is ${row.status} cannot become ${body.status}`);
        const step: CaseStep = body.note ? { status: body.status, at: now.toISOString(), note: body.note } : { status: body.status, at: now.toISOString() };
        const steps = [...row.steps, step];
        const [updated] = await tx
          .update(cases)
          .set({ status: body.status, steps, updatedAt: now })
          .where(eq(cases.id, row.id))
          .returning();
        if (!updated) throw new Error('case vanished');
        emit({
          type: 'case.progressed',
          ticketId: row.rootTicketId,
          data: { ticketId: row.rootTicketId, caseId: row.id, caseNo, status: body.status, serviceId: row.serviceId },
        });
        return { case: { caseNo, status: updated.status, steps: updated.steps, updatedAt: now.toISOString() } };
      },
    );
  }

  return { progress };
}

export type CaseProgressService = ReturnType<typeof createCaseProgressService>;
