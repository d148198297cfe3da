import { z } from 'zod';
import { uuid } from './common';

/** The leaders' history (历史数据): figures per period and per hall, service, counter or staff. */

/** A year and a day at most: a leap year's 366 days, both ends included. */
export const historyMaxDays = 366;

export const historyGroupBy = z.enum(['day', 'week', 'month']);
export const historyBy = z.enum(['hall', 'service', 'counter', 'staff']);

const dayCount = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

export const historyQuery = z
  .object({
    from: z.iso.date().describe('first hall-local day, included'),
    to: z.iso.date().describe('last hall-local day, included'),
    groupBy: historyGroupBy.default('day').describe('day, ISO week (Monday first) or month'),
    by: historyBy.default('hall').describe('one row per period, or per period and service / counter / staff'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => dayCount(q.from, q.to) <= historyMaxDays, { message: `at most ${historyMaxDays} days`, path: ['to'] });
export type HistoryQuery = z.infer<typeof historyQuery>;

const count = z.number().int().nonnegative();
const average = z.number().nullable();

export const historyFigures = z.object({
  issued: count,
  called: count,
  served: count,
  noShows: count,
  cancelled: count,
  transferred: count,
  /** noShows ÷ called; null when nothing was called. */
  noShowRate: average,
  /** Averages in minutes; null when no ticket had the two timestamps. */
  avgWaitMinutes: average,
  avgWalkMinutes: average,
  avgServiceMinutes: average,
  /** Counter time in minutes; null on service rows (counters serve several services). */
  openMinutes: average,
  idleMinutes: average,
  rated: count,
  levels: z.object({
    very_satisfied: count,
    satisfied: count,
    basically_satisfied: count,
    dissatisfied: count,
    very_dissatisfied: count,
  }),
  /** Share rated 满意 or 非常满意; null with no ratings. */
  satisfiedShare: average,
  /** 好评率: 非常满意 + 满意 + 基本满意 over the ratings; null with none. */
  goodShare: average,
  /** 差评: 不满意 + 非常不满意. */
  badRatings: count,
  /** Averages of the on-site indicators (1–5) over the ratings that gave them. */
  avgEfficiency: average,
  avgServiceLevel: average,
  avgAttitude: average,
  refusals: count,
  refusalsApproved: count,
  cases: count,
});
export type HistoryFigures = z.infer<typeof historyFigures>;

export const historyRow = historyFigures.extend({
  /** First day of the period (the day, the ISO week's Monday or the month's first day). */
  period: z.iso.date(),
  /** Service, counter or staff id; '' for the hall and for what no counter or staff handled. */
  key: z.string(),
});
export type HistoryRow = z.infer<typeof historyRow>;

export const historyReport = z
  .object({
    hall: z.object({ id: uuid, slug: z.string(), name: z.string() }),
    from: z.iso.date(),
    to: z.iso.date(),
    groupBy: historyGroupBy,
    by: historyBy,
    /** Every period of the range, in order, including those without activity. */
    periods: z.array(z.iso.date()),
    /** The breakdown's rows: key and what to call it (null for the unattributed row). */
    keys: z.array(z.object({ key: z.string(), label: z.string().nullable() })),
    rows: z.array(historyRow),
    /** The whole range for the whole hall. */
    totals: historyFigures,
    generatedAt: z.string(),
  })
  .meta({ id: 'HistoryReport' });
export type HistoryReport = z.infer<typeof historyReport>;
