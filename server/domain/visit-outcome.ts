/**
 * 办结 — what "served" means in every figure (the live screen, history, reports): a ticket
 * that completed at a counter, except one ended by an approved refusal (否定报备). A refused
 * visit ended without the service and must not count as done. 容缺受理 (accepted with a
 * missing document) is counted: the application was accepted.
 */
export const refusedOutcome = 'refused';

export function countsAsServed(ticket: { status: string; outcome: string | null }): boolean {
  return ticket.status === 'completed' && ticket.outcome !== refusedOutcome;
}

/**
 * 好差评 as the provinces report them: 好评 = 非常满意 + 满意 + 基本满意, 差评 = 不满意 +
 * 非常不满意. The share of 好评 among the counted ratings to four decimals (0.01 %), or
 * null with none: rounded here, so the live screen and history print the same figure.
 */
export function goodShareOf(levels: {
  very_satisfied: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  very_dissatisfied: number;
}): number | null {
  const good = levels.very_satisfied + levels.satisfied + levels.basically_satisfied;
  const rated = good + levels.dissatisfied + levels.very_dissatisfied;
  return rated === 0 ? null : Math.round((good / rated) * 10_000) / 10_000;
}
