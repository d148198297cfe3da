import { z } from 'zod';
import { hallRef } from './common';

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
