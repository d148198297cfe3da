import { jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/** What one retention run anonymised in one hall, by kind of record. */
export interface RetentionCounts {
  /** Tickets whose phone and note's contact details were removed. */
  tickets: number;
  /** Rating comments cleared of contact details (scores and levels stay). */
  ratings: number;
  appointments: number;
  /** 办不成事 cases. */
  unresolvedCases: number;
  /** 办件. */
  cases: number;
  /** Messages not yet sent to a phone that was anonymised: cancelled, never sent. */
  outboxCancelled: number;
  /** Messages already sent or dead whose recipient was anonymised. */
  outboxScrubbed: number;
}

/**
 * One run of the retention job: when it ran and what it anonymised per hall (halls where
 * nothing was due are left out). Written in the transaction that anonymised, so the record
 * and the change cannot disagree; the job also reads the last run to run once per interval
 * across every process.
 */
export const retentionRuns = pgTable('retention_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  counts: jsonb('counts').$type<Record<string, RetentionCounts>>().notNull(),
});
