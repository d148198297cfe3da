import { z } from 'zod';
import { hallRef } from './common';
import { liveMetrics } from './leader-live';
import { historyFigures } from './metrics-history';

/**
 * The morning meeting's daily report (晨会日报) at /leader/daily?day=YYYY-MM-DD&hall=slug:
 * both optional (yesterday in the hall, the leader's own hall). A bad value is refused on
 * the page, never silently replaced.
 */
export const dailyReportQuery = z.object({
  day: z.iso.date().optional(),
  hall: hallRef.optional(),
});
export type DailyReportQuery = z.infer<typeof dailyReportQuery>;

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1).nullable();

/** 好评 = 非常满意 + 满意 + 基本满意; 差评 = 不满意 + 非常不满意 (server/domain/rating-shares.ts). */
export const ratingSharesSchema = z.object({ rated: count, good: count, bad: count, goodRate: share, badRate: share });

export const dailyRow = z.object({
  /** Service or counter id; '' for what no counter handled. */
  key: z.string(),
  label: z.string().nullable(),
  figures: historyFigures,
  ratings: ratingSharesSchema,
});
export type DailyRow = z.infer<typeof dailyRow>;

/** See server/domain/daily-flags.ts for the rules. */
export const dailyFlag = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wait_over_target'), label: z.string(), minutes: z.number(), target: z.number() }),
  z.object({ kind: z.literal('bad_ratings'), label: z.string(), count }),
  z.object({ kind: z.literal('overdue'), what: z.enum(['cases', 'conditional', 'work_orders']), count }),
  z.object({ kind: z.literal('pending_refusals'), count }),
]);
export type DailyFlagView = z.infer<typeof dailyFlag>;

export const dailyReport = z
  .object({
    hall: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    /** The halls the reader may open (their district). */
    halls: z.array(z.object({ slug: z.string(), name: z.string() })),
    day: z.iso.date(),
    /** True while the day is the hall's today: its figures still move. */
    isToday: z.boolean(),
    generatedAt: z.string(),
    waitTargetMinutes: z.number(),
    /** Exactly /leader/history's figures of the day for the hall. */
    totals: historyFigures,
    ratings: ratingSharesSchema,
    services: z.array(dailyRow),
    counters: z.array(dailyRow),
    governance: z.object({
      /** 否定报备 requested that day, and how many of them a leader approved. */
      refusals: count,
      refusalsApproved: count,
      /** 办不成事 cases opened that day. */
      cases: count,
      /** 容缺受理 recorded that day. */
      conditional: count,
      /** 整改 work orders opened that day. */
      workOrders: count,
      /** Open at generatedAt, and how many of them are past their deadline. */
      now: liveMetrics.shape.governance,
    }),
    flags: z.array(dailyFlag),
  })
  .meta({ id: 'DailyReport' });
export type DailyReport = z.infer<typeof dailyReport>;
