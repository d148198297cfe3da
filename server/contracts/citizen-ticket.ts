import { z } from 'zod';

/**
 * The citizen's own moves on their ticket page (issue 5, item 4): "我需要再等 5 分钟" and
 * "重新排队" after a no-show. The ticket view carries what the page needs to offer them,
 * and the commands answer with the fresh view.
 */

/** "More time": offered while the ticket waits, until the visit has used its allowance. */
export const moreTimeOffer = z
  .object({
    /** The visit may still ask (it waits, and has not used its allowance). */
    available: z.boolean(),
    /** How many places back it would move now (0 when nobody waits behind it). */
    places: z.number().int().min(0),
    /** The minutes of service those places stand for (the hall's setting). */
    minutes: z.number().int().min(0),
    /** The visit already asked as often as the hall allows. */
    used: z.boolean(),
    /**
     * How many wait behind it in the service's order now. With `maxPlaces` (the hall's cap on
     * places moved) the page tells from a `queue` push alone when the offer may have changed
     * (someone joined behind, or the last ones behind left) and reads its view again.
     */
    behind: z.number().int().min(0).optional(),
    maxPlaces: z.number().int().min(0).optional(),
  })
  .meta({ id: 'MoreTimeOffer' });

/** "Rejoin": after a no-show, until the deadline, while the visit has not used its allowance. */
export const rejoinOffer = z
  .object({
    available: z.boolean(),
    /** The window's length (the hall's `rejoinMinutes`). */
    minutes: z.number().int().min(0),
    /** The end of the window (the no-show plus the hall's `rejoinMinutes`). */
    until: z.string(),
    /** The window has passed (by the server's clock). */
    expired: z.boolean(),
    /** The visit already rejoined as often as the hall allows. */
    used: z.boolean(),
  })
  .meta({ id: 'RejoinOffer' });

export const citizenMoves = z
  .object({
    /** The page says "快到您了" at this many people ahead or fewer (hall setting). */
    nearlyAhead: z.number().int().min(0),
    /** Null unless the ticket waits. */
    moreTime: moreTimeOffer.nullable(),
    /** Null unless the ticket is a no-show. */
    rejoin: rejoinOffer.nullable(),
  })
  .meta({ id: 'CitizenMoves' });
export type CitizenMoves = z.infer<typeof citizenMoves>;

/** Where "more time" put the ticket: its place before and after (1 = next). */
export const delayResult = z.object({ from: z.number().int().min(1), to: z.number().int().min(1) });
