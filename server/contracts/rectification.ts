import { z } from 'zod';
import { ratingLevel } from './api';
import { hallRef, uuid } from './common';
import { inspectionPhoto } from './inspection-photos';

/**
 * 整改 and 体验员 on the wire: work orders opened by a bad rating or an inspector's report,
 * walked verify → rectify → answer → review by the hall's leaders; appeals that exclude a
 * malicious rating; inspectors' structured visit reports.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const workOrderStep = z.enum(['verify', 'rectify', 'answer', 'review', 'closed']);
/** The steps a leader can do; `closed` is where they end. */
export const actionableStep = workOrderStep.exclude(['closed']);
export const workOrderSource = z.enum(['rating', 'inspection']);
/** How a closed order ended: the review was done, or an appeal excluded its rating. */
export const workOrderClosedAs = z.enum(['reviewed', 'appeal_upheld']);
export const workOrderFilter = z.enum(['open', 'overdue', 'all']);

export const inspectionScores = z
  .object({
    efficiency: z.number().int().min(1).max(5),
    serviceLevel: z.number().int().min(1).max(5),
    attitude: z.number().int().min(1).max(5),
    environment: z.number().int().min(1).max(5),
    guidance: z.number().int().min(1).max(5),
  })
  .strict();
export const scoreKeys = inspectionScores.keyof().options;

export const inspectionReportBody = z
  .object({
    serviceId: uuid,
    counterId: uuid.optional(),
    visitedAt: z.iso.datetime({ offset: true }),
    scores: inspectionScores,
    /** Problems found, one an entry; blank entries are dropped. Any problem opens a work order. */
    problems: z
      .array(z.string().trim().max(300))
      .max(20)
      .transform((list) => list.filter((p) => p.length > 0)),
    summary: text(2000),
  })
  .strict();

const person = z.object({ id: uuid, displayName: z.string() });

export const workOrderEntry = z.object({
  /** The step that was done (`closed`: closed directly, by an upheld appeal). */
  step: workOrderStep,
  by: person,
  at: z.string(),
  note: z.string(),
});

export const workOrder = z
  .object({
    id: uuid,
    hallId: uuid,
    source: workOrderSource,
    step: workOrderStep,
    /** When the current step is due; null once closed. */
    stepDeadline: z.string().nullable(),
    overdue: z.boolean(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    closedAs: workOrderClosedAs.nullable(),
    summary: z.string(),
    /** What the citizen (or, for a report, the inspector) reads once the answer step is done. */
    answer: z.string().nullable(),
    counter: z.object({ id: uuid, number: z.number().int(), name: z.string() }).nullable(),
    clerk: person.nullable(),
    ticket: z.object({ id: uuid, number: z.string(), serviceName: z.string() }).nullable(),
    /** The rated citizen's phone, masked, when they left one (回访 reads it whole through personal-data/reveal). */
    phoneMasked: z.string().nullable().optional(),
    rating: z
      .object({
        level: ratingLevel,
        efficiency: z.number().int().nullable(),
        serviceLevel: z.number().int().nullable(),
        attitude: z.number().int().nullable(),
        comment: z.string().nullable(),
        at: z.string(),
        excluded: z.boolean(),
        excludedReason: z.string().nullable(),
      })
      .nullable(),
    report: z
      .object({
        id: uuid,
        inspector: person,
        visitedAt: z.string(),
        serviceName: z.string().nullable(),
        scores: z.record(z.string(), z.number()),
        problems: z.array(z.string()),
        /** The inspector's photos, resized; each URL is served to the hall's staff and leaders. */
        photos: z.array(inspectionPhoto),
      })
      .nullable(),
    history: z.array(workOrderEntry),
    /**
     * An appeal one leader asked and a second must decide: another leader upholds it (the
     * rating is excluded, the order closes) or declines it; the one who asked may withdraw it.
     */
    appealRequest: z.object({ by: person, at: z.string(), reason: z.string() }).nullable(),
    /** Every appeal asked on this order, oldest first, with its decision (null while it waits). */
    appeals: z.array(
      z.object({
        by: person,
        at: z.string(),
        reason: z.string(),
        decision: z.enum(['upheld', 'declined', 'withdrawn']).nullable(),
        decidedBy: person.nullable(),
        decidedAt: z.string().nullable(),
        decisionNote: z.string().nullable(),
      }),
    ),
    /** Who may not do the review (the one who rectified), when the hall asks for an independent review. */
    reviewExcludes: uuid.nullable(),
  })
  .meta({ id: 'WorkOrder' });

export const workOrderList = z
  .object({ now: z.string(), orders: z.array(workOrder) })
  .meta({ id: 'WorkOrderList' });
export const workOrderResponse = z.object({ workOrder });

export const workOrderQuery = z.object({ status: workOrderFilter.optional() });

export const advanceBody = z
  .object({
    /** The step being done: it must be the order's current step, so a stale screen cannot skip one. */
    step: actionableStep,
    note: text(1000),
    /** Required on the answer step: the text the citizen reads on their ticket page. */
    answer: text(2000).optional(),
  })
  .strict()
  .refine((b) => (b.step === 'answer') === (b.answer !== undefined), {
    message: 'give answer on the answer step, and only there',
    path: ['answer'],
  });

/** Asking an appeal, or (by a second leader) upholding the one asked: the reason is recorded either way. */
export const appealBody = z.object({ reason: text(500) }).strict();
/** Declining an appeal (a second leader) or withdrawing one's own. */
export const appealDeclineBody = z.object({ reason: text(500) }).strict();

export const inspectionReport = z
  .object({
    id: uuid,
    hall: z.object({ id: uuid, slug: z.string(), name: z.string() }),
    visitedAt: z.string(),
    serviceName: z.string().nullable(),
    counterNumber: z.number().int().nullable(),
    scores: z.record(z.string(), z.number()),
    problems: z.array(z.string()),
    summary: z.string(),
    createdAt: z.string(),
    /** The work order its problems opened, with the hall's feedback once answered. */
    workOrder: z.object({ id: uuid, step: workOrderStep, answer: z.string().nullable() }).nullable(),
    photos: z.array(inspectionPhoto),
  })
  .meta({ id: 'InspectionReport' });
export const inspectionReportCreated = z.object({ report: inspectionReport });
export const inspectionReportList = z.object({ reports: z.array(inspectionReport) });

export const rectificationParams = {
  hall: z.object({ hall: hallRef }),
  workOrder: z.object({ workOrderId: uuid }),
};

export type WorkOrderView = z.infer<typeof workOrder>;
export type WorkOrderList = z.infer<typeof workOrderList>;
export type WorkOrderFilter = z.infer<typeof workOrderFilter>;
export type AdvanceBody = z.infer<typeof advanceBody>;
export type AppealBody = z.infer<typeof appealBody>;
export type AppealDeclineBody = z.infer<typeof appealDeclineBody>;
export type InspectionReportBody = z.infer<typeof inspectionReportBody>;
export type InspectionReportView = z.infer<typeof inspectionReport>;
