import { z } from 'zod';
import { caseNo, hallRef, publicToken, uuid } from './common';

/**
 * 容缺受理 (conditional acceptance) and 办件 case numbers on the wire: a counter accepts an
 * application with missing documents against the citizen's commitment and a deadline no
 * later than the service's promised time limit; staff advance an accepted case.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** The missing items: a list, or one text with an item a line. */
const missingItems = z
  .union([z.array(text(300)).min(1).max(20), text(3000)])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean)))
  .refine((items) => items.length >= 1 && items.length <= 20, 'give between 1 and 20 missing items');

export const commitmentKind = z.enum(['phone', 'paper']);
export const conditionalStatus = z.enum(['awaiting_commitment', 'open', 'fulfilled', 'withdrawn']);

export const acceptBody = z
  .object({
    missingItems,
    /** phone: the citizen confirms on their ticket page; paper: staff hold the signed commitment. */
    commitment: commitmentKind,
    /** The hall's calendar day by which the items must arrive; the latest the service allows when omitted. */
    deadline: z.iso.date().optional(),
    caseNo: caseNo.optional(),
  })
  .strict();

export const acceptance = z
  .object({
    id: uuid,
    ticketId: uuid,
    number: z.string(),
    serviceId: uuid,
    serviceName: z.string(),
    counterNumber: z.number().int(),
    staffName: z.string(),
    missingItems: z.array(z.string()),
    commitment: commitmentKind,
    commitmentConfirmedAt: z.string().nullable(),
    status: conditionalStatus,
    /** The last instant of the deadline day, and that day in the hall's calendar. */
    deadline: z.string(),
    deadlineDay: z.string(),
    /** Calendar days from today to the deadline day (negative once past). */
    daysLeft: z.number().int(),
    dueSoon: z.boolean(),
    overdue: z.boolean(),
    caseNo: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'ConditionalAcceptance' });
export const acceptanceResponse = z.object({ acceptance });

export const listQuery = z
  .object({
    /** open: every acceptance still waiting for its items (overdue ones too); overdue: only those past the deadline. */
    state: z.enum(['open', 'overdue']).optional(),
  })
  .strict();
export const acceptanceList = z
  .object({ now: z.string(), reminderDays: z.number().int(), acceptances: z.array(acceptance) })
  .meta({ id: 'ConditionalAcceptanceList' });

export const fulfilBody = z.object({}).strict();
export const withdrawBody = z.object({ reason: text(200) }).strict();

/** What the citizen reads on their ticket page: what to bring, by when, and whether it is late. */
export const citizenConditional = z
  .object({
    id: uuid,
    serviceName: z.string(),
    status: conditionalStatus,
    missingItems: z.array(z.string()),
    commitment: commitmentKind,
    commitmentConfirmedAt: z.string().nullable(),
    deadline: z.string(),
    deadlineDay: z.string(),
    daysLeft: z.number().int(),
    /** Within the hall's reminder days before the deadline, items still missing. */
    reminder: z.boolean(),
    overdue: z.boolean(),
    caseNo: z.string().nullable(),
  })
  .meta({ id: 'CitizenConditional' });
export const confirmResponse = z.object({ acceptance: citizenConditional });

/**
 * 办件 progress, the one list for the staff's command and the citizen's /case lookup. It mirrors
 * `caseProgressStatuses` in db/schema/cases.ts, which the contract cannot import (the browser
 * loads it); tests/unit/contracts.test.ts holds the two lists together.
 */
export const caseProgressStatus = z.enum(['accepted', 'in_review', 'approved', 'ready', 'delivered', 'rejected']);
export const progressBody = z
  .object({ status: caseProgressStatus.exclude(['accepted']), note: text(500).optional() })
  .strict();
export const caseStep = z.object({ status: caseProgressStatus, at: z.string(), note: z.string().optional() });
export const caseProgressResponse = z.object({
  case: z.object({ caseNo: z.string(), status: caseProgressStatus, steps: z.array(caseStep), updatedAt: z.string() }),
});

export const conditionalParams = {
  hall: z.object({ hall: hallRef }),
  acceptance: z.object({ acceptanceId: uuid }),
  ticketAcceptance: z.object({ token: publicToken, acceptanceId: uuid }),
  caseNo: z.object({ caseNo }),
};

export type AcceptBody = z.infer<typeof acceptBody>;
export type Acceptance = z.infer<typeof acceptance>;
export type AcceptanceList = z.infer<typeof acceptanceList>;
export type CitizenConditional = z.infer<typeof citizenConditional>;
export type ProgressBody = z.infer<typeof progressBody>;
export type CaseProgressStatus = z.infer<typeof caseProgressStatus>;
