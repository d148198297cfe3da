import { z } from 'zod';

/**
 * On the citizen's ticket page: the hall's answer to their bad rating, written at the answer
 * step of its 整改 work order. Apart from contracts/rectification.ts, which imports api.ts.
 */
export const ratingReply = z.object({ answer: z.string(), answeredAt: z.string() }).meta({ id: 'RatingReply' });

export type RatingReply = z.infer<typeof ratingReply>;

/**
 * On the citizen's ticket page, between a bad rating and the hall's answer: a 整改 work order
 * is open, and the answer is due by `answerBy` (the hall's rectification deadlines, each step
 * taken in full). Who answers is the hall: its leaders work the order.
 */
export const ratingFollowUp = z.object({ openedAt: z.string(), answerBy: z.string() }).meta({ id: 'RatingFollowUp' });

export type RatingFollowUp = z.infer<typeof ratingFollowUp>;
