/**
 * The red flags of the morning meeting (晨会日报): what yesterday's figures and this
 * morning's open items ask the leaders to act on. Pure rules; the thresholds are the same
 * hall settings the live red-flag wall uses (waitTargetMinutes), so the two never disagree
 * about what "too long" means.
 */
export type DailyFlag =
  /** A service's average wait of the day was above the hall's target. */
  | { kind: 'wait_over_target'; label: string; minutes: number; target: number }
  /** A counter received 差评 (不满意 or 非常不满意) that day. */
  | { kind: 'bad_ratings'; label: string; count: number }
  /** Items past their deadline now (办不成事 cases, 容缺 items, 整改 steps). */
  | { kind: 'overdue'; what: 'cases' | 'conditional' | 'work_orders'; count: number }
  /** 否定报备 still waiting for a leader's decision now. */
  | { kind: 'pending_refusals'; count: number };

export interface DailyFlagInput {
  waitTargetMinutes: number;
  services: ReadonlyArray<{ label: string; avgWaitMinutes: number | null }>;
  counters: ReadonlyArray<{ label: string; bad: number }>;
  now: { pendingRefusals: number; overdueCases: number; overdueConditional: number; overdueWorkOrders: number };
}

/** Most urgent first: open items past their deadline, then the day's waits and ratings. */
export function dailyFlags(input: DailyFlagInput): DailyFlag[] {
  const flags: DailyFlag[] = [];
  const overdue: Array<[Extract<DailyFlag, { kind: 'overdue' }>['what'], number]> = [
    ['cases', input.now.overdueCases],
    ['conditional', input.now.overdueConditional],
    ['work_orders', input.now.overdueWorkOrders],
  ];
  for (const [what, count] of overdue) if (count > 0) flags.push({ kind: 'overdue', what, count });
  if (input.now.pendingRefusals > 0) flags.push({ kind: 'pending_refusals', count: input.now.pendingRefusals });
  const slow = input.services
    .filter((s): s is { label: string; avgWaitMinutes: number } => s.avgWaitMinutes !== null && s.avgWaitMinutes > input.waitTargetMinutes)
    .sort((a, b) => b.avgWaitMinutes - a.avgWaitMinutes);
  for (const s of slow) flags.push({ kind: 'wait_over_target', label: s.label, minutes: s.avgWaitMinutes, target: input.waitTargetMinutes });
  const rated = input.counters.filter((c) => c.bad > 0).sort((a, b) => b.bad - a.bad);
  for (const c of rated) flags.push({ kind: 'bad_ratings', label: c.label, count: c.bad });
  return flags;
}
