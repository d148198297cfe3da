import { z } from 'zod';

/**
 * On the citizen's ticket page: the hall's answer to their bad rating, written at the answer
 * step of its 整改 work order. Apart from contracts/rectification.ts, which imports api.ts.
 */
export const ratingReply = z.object({ answer: z.string(), answeredAt: z.string() }).meta({ id: 'RatingReply' });

export type RatingReply = z.infer<typeof ratingReply>;
