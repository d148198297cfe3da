import { z } from 'zod';
import { hallRef, publicToken, uuid } from './common';

/**
 * The hall's governance rules on the wire: 否定报备 (refusal requests a leader decides),
 * 办不成事 (unresolved-matter cases for the duty leader) and the duty roster.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** The one-time notice (一次性告知): a list of items, or one text with an item a line. */
const noticeItems = z
  .union([z.array(text(300)).min(1).max(30), text(3000)])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean)));

export const refusalBody = z
  .object({ reason: text(500), legalBasis: text(500), notice: noticeItems })
  .strict();
export const refusalStatus = z.enum(['pending', 'approved', 'denied']);
export const refusalCreated = z.object({ refusal: z.object({ id: uuid, status: refusalStatus }) });

export const decisionBody = z.object({ approve: z.boolean(), comment: z.string().trim().max(500).optional() }).strict();
export const decisionResponse = z.object({
  refusal: z.object({ id: uuid, status: refusalStatus, decidedAt: z.string() }),
});

/** What the citizen reads on their phone once a refusal was approved. */
export const citizenNotice = z
  .object({ reason: z.string(), legalBasis: z.string(), items: z.array(z.string()), decidedAt: z.string() })
  .meta({ id: 'RefusalNotice' });

export const caseStatus = z.enum(['open', 'assigned', 'closed']);
export const caseOutcome = z.enum(['solved_on_site', 'assisted', 'registered']);

/** A case as the citizen follows it on their ticket page. */
export const citizenCase = z
  .object({
    id: uuid,
    status: caseStatus,
    outcome: caseOutcome.nullable(),
    answer: z.string().nullable(),
    deadline: z.string(),
  })
  .meta({ id: 'CitizenCase' });

export const openCaseBody = z
  .object({
    description: text(1000),
    ticketToken: publicToken.optional(),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '11-digit mainland mobile number').optional(),
  })
  .strict();
export const caseCreated = z.object({ case: z.object({ id: uuid, status: caseStatus, deadline: z.string() }) });

export const assignCaseBody = z.object({ staffId: uuid }).strict();
export const closeCaseBody = z
  .object({ outcome: caseOutcome, answer: text(2000) })
  .strict();
export const caseResponse = z.object({
  case: z.object({ id: uuid, status: caseStatus, outcome: caseOutcome.nullable(), assignedTo: uuid.nullable() }),
});

export const historyEntry = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  counterNumber: z.number().int().nullable(),
});

const ticketSummary = z.object({
  id: uuid,
  number: z.string(),
  serviceName: z.string(),
  status: z.string(),
  history: z.array(historyEntry),
});

export const staffRef = z.object({ id: uuid, displayName: z.string() });

export const pendingRefusal = z.object({
  id: uuid,
  counterNumber: z.number().int(),
  requestedBy: staffRef,
  reason: z.string(),
  legalBasis: z.string(),
  items: z.array(z.string()),
  requestedAt: z.string(),
  ticket: ticketSummary,
});

/** A refusal the hall's leaders decided today: the duty page's record of who decided what, when, and why. */
export const decidedRefusal = z.object({
  id: uuid,
  number: z.string(),
  counterNumber: z.number().int(),
  requestedBy: staffRef,
  decidedBy: staffRef,
  status: z.enum(['approved', 'denied']),
  reason: z.string(),
  comment: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string(),
});

export const openCase = z.object({
  id: uuid,
  status: caseStatus,
  description: z.string(),
  phoneMasked: z.string().nullable(),
  openedBy: z.enum(['citizen', 'staff', 'anonymous']),
  openedAt: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  assignedTo: staffRef.nullable(),
  ticket: ticketSummary.nullable(),
});

export const dutyBoard = z
  .object({
    hall: z.object({ id: uuid, slug: z.string(), name: z.string() }),
    day: z.string(),
    onDuty: staffRef.nullable(),
    now: z.string(),
    refusals: z.array(pendingRefusal),
    /** Refusals decided since the hall's local midnight, newest first. */
    decidedToday: z.array(decidedRefusal),
    cases: z.array(openCase),
    /** Who a case may be assigned to. */
    staff: z.array(staffRef.extend({ role: z.string() })),
  })
  .meta({ id: 'DutyBoard' });

export const rosterQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
});
export const rosterDay = z.object({
  day: z.string(),
  staff: staffRef.nullable(),
  /** roster: set for that day; default: the hall's default duty leader. */
  source: z.enum(['roster', 'default']).nullable(),
});
export const rosterResponse = z.object({ days: z.array(rosterDay) });
export const rosterBody = z
  .object({ days: z.array(z.object({ day: z.iso.date(), staffId: uuid.nullable() }).strict()).min(1).max(366) })
  .strict();

export const governanceParams = {
  refusal: z.object({ refusalId: uuid }),
  case: z.object({ caseId: uuid }),
  hall: z.object({ hall: hallRef }),
};

export type RefusalBody = z.infer<typeof refusalBody>;
export type DecisionBody = z.infer<typeof decisionBody>;
export type OpenCaseBody = z.infer<typeof openCaseBody>;
export type CloseCaseBody = z.infer<typeof closeCaseBody>;
export type DutyBoard = z.infer<typeof dutyBoard>;
export type PendingRefusal = z.infer<typeof pendingRefusal>;
export type DecidedRefusal = z.infer<typeof decidedRefusal>;
export type OpenCase = z.infer<typeof openCase>;
export type RosterDay = z.infer<typeof rosterDay>;
export type RosterBody = z.infer<typeof rosterBody>;
export type CitizenNotice = z.infer<typeof citizenNotice>;
export type CitizenCase = z.infer<typeof citizenCase>;
