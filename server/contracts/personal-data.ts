import { z } from 'zod';
import { hallRef, uuid } from './common';

/**
 * 查看完整号码: the one way staff read a citizen's whole phone number. Every read names the
 * record it concerns and why, and is written to the hall's audit in the same transaction
 * (个人信息保护法: record who saw personal data unmasked, and why).
 */

/** The records that may carry a citizen's phone, and whose handlers may need to call them. */
export const revealKind = z.enum(['work_order', 'unresolved_case', 'conditional_acceptance', 'appointment']);

/**
 * Why the number is needed: 回访 after a bad rating, 容缺提醒 before a deadline, 答复办不成事,
 * 预约变更 (a slot the hall must move), 核实身份; anything else is `other` and must say what.
 */
export const revealReason = z.enum(['follow_up', 'conditional_reminder', 'case_reply', 'appointment_change', 'verify_identity', 'other']);

export const revealBody = z
  .object({
    kind: revealKind,
    id: uuid,
    reason: revealReason,
    /** A few words more; required when the reason is `other`. */
    note: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => b.reason !== 'other' || b.note !== undefined, { message: 'say why in the note when the reason is other', path: ['note'] });

export const revealResponse = z
  .object({
    kind: revealKind,
    id: uuid,
    /** The whole number, for this one reader; never pushed, never cached. */
    phone: z.string(),
    /** When the read was recorded. */
    revealedAt: z.string(),
  })
  .meta({ id: 'PersonalDataReveal' });

export const revealParams = z.object({ hall: hallRef });

export type RevealKind = z.infer<typeof revealKind>;
export type RevealReason = z.infer<typeof revealReason>;
export type RevealBody = z.infer<typeof revealBody>;
export type RevealResponse = z.infer<typeof revealResponse>;
