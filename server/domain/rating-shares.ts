/**
 * 好差评 as the provinces report it (国办发〔2019〕51号 practice): 好评 = 非常满意 + 满意 +
 * 基本满意, 差评 = 不满意 + 非常不满意, both over the ratings counted (appealed ratings are
 * never counted). Every screen that shows a rate shows this definition beside it.
 */
export interface RatingLevelCounts {
  very_satisfied: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  very_dissatisfied: number;
}

export interface RatingShares {
  rated: number;
  good: number;
  bad: number;
  /** good ÷ rated, 0–1; null with no ratings. */
  goodRate: number | null;
  /** bad ÷ rated, 0–1; null with no ratings. */
  badRate: number | null;
}

export function ratingShares(levels: RatingLevelCounts): RatingShares {
  const good = levels.very_satisfied + levels.satisfied + levels.basically_satisfied;
  const bad = levels.dissatisfied + levels.very_dissatisfied;
  const rated = good + bad;
  return { rated, good, bad, goodRate: rated === 0 ? null : good / rated, badRate: rated === 0 ? null : bad / rated };
}
