import { and, asc, desc, eq, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { type AppealRecord, type WorkOrderEntry, halls, ratings, settingsOf, workOrders } from '../../../db/schema';
import type { RatingFollowUp, RatingReply } from '../../contracts/rating-reply';
import type { AdvanceBody, AppealBody, AppealDeclineBody, WorkOrderFilter, WorkOrderList, WorkOrderView } from '../../contracts/rectification';
import type { Clock } from '../../domain/clock';
import { type StepDurations, answerDueOf, deadlineOf, nextStep } from '../../domain/rectification';
import { type StaffActor, actorId } from '../actors';
import type { CommandContext, RunCommand } from '../command';
import { findHall } from '../lookups';
import { enqueueRatingAnswer } from '../outbox/citizen-messages';
import { type Result, fail, ok, refuse } from '../result';
import { type WorkOrderRow, waitingAppeal, workOrderViews } from './views';

export interface WorkOrderDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
}

/** The waiting appeal (the last one) with its decision. */
function decide(appeals: AppealRecord[], decision: Required<Pick<AppealRecord, 'decision' | 'decidedBy' | 'decidedAt' | 'decisionNote'>>): AppealRecord[] {
  return appeals.map((a, i) => (i === appeals.length - 1 ? { ...a, ...decision } : a));
}

const isLeader = (actor: StaffActor) => actor.role === 'leader' || actor.role === 'admin';

/**
 * 整改: work orders opened by a 不满意/非常不满意 rating or an inspector's report. The hall's
 * leaders and admins walk each one verify → rectify → answer → review, each step with a note
 * and a deadline from the hall's settings; an appeal can exclude a malicious rating instead.
 */
export function createWorkOrderService({ db, clock, runCommand }: WorkOrderDeps) {
  async function hallSettings(hallId: string) {
    const [hall] = await db.select({ settings: halls.settings }).from(halls).where(eq(halls.id, hallId));
    return settingsOf(hall ?? { settings: {} }).rectification;
  }

  async function viewsOf(hallId: string, rows: WorkOrderRow[]): Promise<WorkOrderView[]> {
    const { independentReview } = await hallSettings(hallId);
    return workOrderViews(db, rows, clock.now(), { independentReview });
  }

  async function list(actor: StaffActor, hallRef: string, filter: WorkOrderFilter = 'open'): Promise<Result<WorkOrderList>> {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId || !isLeader(actor)) return fail('FORBIDDEN', "Only the hall's leaders and admins follow its work orders");
    const now = clock.now();
    const where = [eq(workOrders.hallId, hall.id)];
    if (filter !== 'all') where.push(ne(workOrders.step, 'closed'));
    if (filter === 'overdue') where.push(isNotNull(workOrders.stepDeadline), lt(workOrders.stepDeadline, now));
    const rows = await db
      .select()
      .from(workOrders)
      .where(and(...where))
      // Open ones by the deadline that comes first; closed ones after them, newest first.
      .orderBy(sql`${workOrders.step} = 'closed'`, asc(workOrders.stepDeadline), desc(workOrders.openedAt))
      .limit(filter === 'all' ? 200 : 500);
    return ok({ now: now.toISOString(), orders: await viewsOf(hall.id, rows) });
  }

  async function detail(actor: StaffActor, workOrderId: string): Promise<Result<{ workOrder: WorkOrderView }>> {
    if (!isLeader(actor)) return fail('FORBIDDEN', "Only the hall's leaders and admins follow its work orders");
    const [row] = await db.select().from(workOrders).where(eq(workOrders.id, workOrderId));
    if (!row) return fail('NOT_FOUND', 'Work order not found');
    if (row.hallId !== actor.hallId) return fail('FORBIDDEN', 'This work order belongs to another hall');
    const [view] = await viewsOf(row.hallId, [row]);
    return view ? ok({ workOrder: view }) : fail('NOT_FOUND', 'Work order not found');
  }

  /**
   * One leader command on one order: authorised before anything is read, the order locked,
   * refused (changing nothing) when it is another hall's or already closed.
   */
  async function manage(
    actor: StaffActor,
    workOrderId: string,
    op: string,
    key: string | undefined,
    request: unknown,
    apply: (ctx: CommandContext & { row: WorkOrderRow }) => Promise<void>,
  ): Promise<Result<{ workOrder: WorkOrderView }>> {
    if (!isLeader(actor)) return fail('FORBIDDEN', 'Only leaders and admins of the hall handle work orders');
    const done = await runCommand(
      { actor: actorId(actor), hallId: actor.hallId, idempotencyKey: key, request: { op, workOrderId, request } },
      async (ctx) => {
        const [row] = await ctx.tx.select().from(workOrders).where(eq(workOrders.id, workOrderId)).for('update');
        if (!row) refuse('NOT_FOUND', 'Work order not found');
        if (row.hallId !== actor.hallId) refuse('FORBIDDEN', 'This work order belongs to another hall');
        if (row.step === 'closed') refuse('CONFLICT', 'This work order is already closed');
        await apply({ ...ctx, row });
        return { id: row.id };
      },
    );
    if (!done.ok) return done;
    return detail(actor, done.data.id);
  }

  function advance(actor: StaffActor, workOrderId: string, body: AdvanceBody, key?: string) {
    return manage(actor, workOrderId, 'advance-work-order', key, body, async ({ tx, now, emit, row }) => {
      if (row.step !== body.step) refuse('CONFLICT', `This work order is at ${row.step}, not ${body.step}; reload it`);
      const [hall] = await tx.select({ settings: halls.settings }).from(halls).where(eq(halls.id, row.hallId));
      const settings = settingsOf(hall ?? { settings: {} }).rectification;
      if (body.step === 'review' && settings.independentReview) {
        const rectifier = [...row.history].reverse().find((h) => h.step === 'rectify')?.by;
        // 监督: the review checks the rectification, so whoever rectified cannot sign it off.
        if (rectifier === actor.id) refuse('FORBIDDEN', 'The review must be done by someone other than who rectified');
      }
      const to = nextStep(body.step);
      const deadline = deadlineOf(to, now, settings);
      const entry: WorkOrderEntry = { step: body.step, by: actor.id, at: now.toISOString(), note: body.note };
      await tx
        .update(workOrders)
        .set({
          step: to,
          stepDeadline: deadline,
          history: [...row.history, entry],
          ...(body.step === 'answer' ? { answer: body.answer ?? null } : {}),
          ...(to === 'closed' ? { closedAt: now } : {}),
          version: sql`${workOrders.version} + 1`,
        })
        .where(eq(workOrders.id, row.id));
      if (body.step === 'answer' && body.answer && row.source === 'rating' && row.rootTicketId) {
        await enqueueRatingAnswer(tx, row.hallId, row.rootTicketId, body.answer, now);
      }
      // No ticket id in the data: hall screens receive every event's ticketId, and one here would
      // tell a public screen which visit was rated badly. The relay finds the citizen's page (visitOf).
      emit({
        type: to === 'closed' ? 'work_order.closed' : 'work_order.advanced',
        counterId: row.counterId,
        data: { workOrderId: row.id, done: body.step, step: to, deadline: deadline?.toISOString() ?? null },
      });
    });
  }

  /**
   * Appeals take two leaders (监督): the first asks, with the reason; a second (never the one
   * who asked) upholds it — the rating was malicious, so it is excluded from every satisfaction
   * figure (with the reason, who asked and who upheld) and the order closes without an answer —
   * or declines it. Only while the order is open: a rating that went through the whole loop stands.
   */
  function appeal(actor: StaffActor, workOrderId: string, body: AppealBody, key?: string) {
    return manage(actor, workOrderId, 'appeal-work-order', key, body, async ({ tx, now, emit, row }) => {
      if (row.source !== 'rating' || !row.rootTicketId) refuse('CONFLICT', 'Only a work order opened by a rating can be appealed');
      const asked = waitingAppeal(row.appeals);
      if (!asked) {
        const appeals: AppealRecord[] = [...row.appeals, { by: actor.id, at: now.toISOString(), reason: body.reason }];
        await tx.update(workOrders).set({ appeals, version: sql`${workOrders.version} + 1` }).where(eq(workOrders.id, row.id));
        emit({ type: 'work_order.appeal_requested', counterId: row.counterId, data: { workOrderId: row.id, step: row.step } });
        return;
      }
      if (asked.by === actor.id) {
        refuse('FORBIDDEN', 'Another leader of the hall must uphold this appeal: it cannot be upheld by the one who asked it', { reason: 'SECOND_LEADER_REQUIRED' });
      }
      const excluded = await tx
        .update(ratings)
        .set({ excluded: true, excludedReason: asked.reason, excludedBy: actor.id, excludedAt: now })
        .where(and(eq(ratings.rootTicketId, row.rootTicketId), eq(ratings.excluded, false)))
        .returning({ level: ratings.level });
      if (excluded.length === 0) refuse('CONFLICT', 'This rating is already excluded');
      const entry: WorkOrderEntry = { step: 'closed', by: actor.id, at: now.toISOString(), note: body.reason };
      const appeals = decide(row.appeals, { decision: 'upheld', decidedBy: actor.id, decidedAt: now.toISOString(), decisionNote: body.reason });
      await tx
        .update(workOrders)
        .set({ step: 'closed', stepDeadline: null, closedAt: now, history: [...row.history, entry], appeals, version: sql`${workOrders.version} + 1` })
        .where(eq(workOrders.id, row.id));
      emit({
        type: 'rating.excluded',
        counterId: row.counterId,
        data: { rootTicketId: row.rootTicketId, workOrderId: row.id, level: excluded[0]?.level ?? null, askedBy: asked.by },
      });
      emit({ type: 'work_order.closed', counterId: row.counterId, data: { workOrderId: row.id, done: 'closed', step: 'closed', deadline: null, closedAs: 'appeal_upheld' } });
    });
  }

  /** A second leader declines the appeal asked, or the one who asked withdraws it: the order goes on where it was. */
  function declineAppeal(actor: StaffActor, workOrderId: string, body: AppealDeclineBody, key?: string) {
    return manage(actor, workOrderId, 'decline-appeal', key, body, async ({ tx, now, emit, row }) => {
      const asked = waitingAppeal(row.appeals);
      if (!asked) refuse('CONFLICT', 'No appeal is waiting on this work order');
      const withdrawn = asked.by === actor.id;
      const appeals = decide(row.appeals, { decision: withdrawn ? 'withdrawn' : 'declined', decidedBy: actor.id, decidedAt: now.toISOString(), decisionNote: body.reason });
      await tx.update(workOrders).set({ appeals, version: sql`${workOrders.version} + 1` }).where(eq(workOrders.id, row.id));
      emit({ type: 'work_order.appeal_declined', counterId: row.counterId, data: { workOrderId: row.id, step: row.step, withdrawn } });
    });
  }

  /**
   * The visit a work order answers, for the relay: its events carry no ticket id (a hall screen
   * would learn which visit was rated badly), so the open citizen page is found from here.
   */
  async function visitOf(workOrderId: string): Promise<string | null> {
    const [row] = await db.select({ rootTicketId: workOrders.rootTicketId }).from(workOrders).where(eq(workOrders.id, workOrderId));
    return row?.rootTicketId ?? null;
  }

  return { list, detail, advance, appeal, declineAppeal, visitOf };
}

/** The hall's answer to a visit's bad rating, once its work order has passed the answer step. */
export async function ratingReplyOf(db: Db, rootTicketId: string): Promise<RatingReply | null> {
  const [row] = await db
    .select({ answer: workOrders.answer, history: workOrders.history })
    .from(workOrders)
    .where(and(eq(workOrders.rootTicketId, rootTicketId), eq(workOrders.source, 'rating'), isNotNull(workOrders.answer)))
    .orderBy(desc(workOrders.openedAt))
    .limit(1);
  if (!row?.answer) return null;
  const answered = row.history.find((h) => h.step === 'answer');
  return { answer: row.answer, answeredAt: answered?.at ?? '' };
}

export type WorkOrderService = ReturnType<typeof createWorkOrderService>;

/** A visit's bad rating whose work order is open and unanswered: when the hall's answer is due. */
export async function ratingFollowUpOf(db: Db, rootTicketId: string, durations: StepDurations): Promise<RatingFollowUp | null> {
  const [row] = await db
    .select({ step: workOrders.step, stepDeadline: workOrders.stepDeadline, openedAt: workOrders.openedAt, answer: workOrders.answer })
    .from(workOrders)
    .where(and(eq(workOrders.rootTicketId, rootTicketId), eq(workOrders.source, 'rating'), ne(workOrders.step, 'closed')))
    .orderBy(desc(workOrders.openedAt))
    .limit(1);
  if (!row || row.answer) return null;
  const due = answerDueOf(row.step, row.stepDeadline, durations);
  return due ? { openedAt: row.openedAt.toISOString(), answerBy: due.toISOString() } : null;
}
