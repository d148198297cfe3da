import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { ratings } from '../../../db/schema';
import { ratingLevel } from '../../contracts/api';
import { goodShareOf } from '../../domain/visit-outcome';

/** The national five levels of 好差评, best first. */
export const ratingLevels = ratingLevel.options;

export interface SatisfactionSummary {
  /** Ratings counted: an upheld appeal's excluded rating is never counted. */
  rated: number;
  /** Share rated 满意 or 非常满意, 0–1; null with no ratings. */
  satisfiedShare: number | null;
  /** 好评率: share rated 非常满意, 满意 or 基本满意 (the provinces' definition), 0–1; null with no ratings. */
  goodShare: number | null;
  /** Count of 不满意 and 非常不满意. */
  dissatisfied: number;
  byLevel: Record<(typeof ratingLevels)[number], number>;
}

/**
 * Satisfaction over [from, to) for a hall: the one definition every figure uses, so the
 * leader screen, history and appeals agree. Excluded (appealed) ratings never count.
 */
export async function satisfactionSummary(db: Db, query: { hallId: string; from: Date; to: Date }): Promise<SatisfactionSummary> {
  const rows = await db
    .select({ level: ratings.level, count: sql<number>`count(*)::int` })
    .from(ratings)
    .where(and(eq(ratings.hallId, query.hallId), eq(ratings.excluded, false), gte(ratings.at, query.from), lt(ratings.at, query.to)))
    .groupBy(ratings.level);
  const byLevel = Object.fromEntries(ratingLevels.map((level) => [level, 0])) as SatisfactionSummary['byLevel'];
  for (const row of rows) {
    if ((ratingLevels as readonly string[]).includes(row.level)) byLevel[row.level as (typeof ratingLevels)[number]] = row.count;
  }
  const rated = ratingLevels.reduce((sum, level) => sum + byLevel[level], 0);
  return {
    rated,
    satisfiedShare: rated === 0 ? null : (byLevel.very_satisfied + byLevel.satisfied) / rated,
    goodShare: goodShareOf(byLevel),
    dissatisfied: byLevel.dissatisfied + byLevel.very_dissatisfied,
    byLevel,
  };
}
