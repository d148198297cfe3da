/**
 * The leaders' red-flag wall (红旗墙): pure rules over a hall's live figures. Each flag
 * names its subject, carries the numbers its sentence needs and is ordered by severity.
 * Thresholds are hall settings (HallSettings: waitTargetMinutes — a service may set its own —, pauseFlagMinutes,
 * idleFlagMinutes, badRatingStreak).
 */
import type { CounterActivity } from './counter-load';

export interface FlagThresholds {
  waitTargetMinutes: number;
  pauseFlagMinutes: number;
  idleFlagMinutes: number;
  badRatingStreak: number;
}

export const flagKinds = [
  'wait_over_target',
  'counter_paused_long',
  'counter_idle_with_queue',
  'bad_rating_streak',
  'case_overdue',
  'conditional_overdue',
  'work_order_overdue',
  'out_of_turn_calls',
] as const;
export type FlagKind = (typeof flagKinds)[number];

export const flagSeverities = ['high', 'warn', 'info'] as const;
export type FlagSeverity = (typeof flagSeverities)[number];

export const flagSubjects = ['service', 'counter', 'case', 'conditional', 'work_order'] as const;
export type FlagSubject = (typeof flagSubjects)[number];

export interface RedFlag {
  /** Stable while the condition lasts: the wall animates only what is new. */
  key: string;
  kind: FlagKind;
  severity: FlagSeverity;
  subject: { type: FlagSubject; id: string; label: string };
  /** Minutes waited, paused, idle or overdue, as the kind says. */
  minutes: number | null;
  /** People waiting, bad ratings in a row, out-of-turn calls. */
  count: number | null;
  /** The threshold crossed, for the sentence ("target 20 min"). */
  target: number | null;
  /** A pause reason, a work order's step. */
  note: string | null;
}

export interface FlagService {
  id: string;
  label: string;
  waiting: number;
  /** The estimate for someone taking a number now. */
  estimatedMinutes: number;
  /** The service's own wait target; without one the hall's `waitTargetMinutes`. */
  targetMinutes?: number;
}

export interface FlagCounter {
  id: string;
  number: number;
  label: string;
  activity: CounterActivity;
  since: Date;
  pauseReason: string | null;
  serviceIds: readonly string[];
  /** Today's counted (not excluded) rating levels at the counter, oldest first. */
  ratingLevels: readonly string[];
}

export interface FlagInput {
  now: Date;
  thresholds: FlagThresholds;
  services: readonly FlagService[];
  counters: readonly FlagCounter[];
  /** Open 办不成事 cases. */
  cases: ReadonlyArray<{ id: string; label: string; deadline: Date }>;
  /** Open 容缺 items. */
  conditional: ReadonlyArray<{ id: string; label: string; deadline: Date }>;
  /** Work orders not closed. */
  workOrders: ReadonlyArray<{ id: string; label: string; step: string; stepDeadline: Date | null }>;
  /** Today's out-of-turn calls (the fairness ledger), by counter id. */
  outOfTurn: ReadonlyArray<{ counterId: string }>;
}

export const badLevels: ReadonlySet<string> = new Set(['dissatisfied', 'very_dissatisfied']);

const minutesBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 60_000);

/** The longest run of bad ratings in a row. */
export function longestBadRun(levels: readonly string[]): number {
  let best = 0;
  let run = 0;
  for (const level of levels) {
    run = badLevels.has(level) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

function flag(kind: FlagKind, severity: FlagSeverity, subject: RedFlag['subject'], values: Partial<RedFlag> = {}): RedFlag {
  return {
    key: `${kind}:${subject.id}`,
    kind,
    severity,
    subject,
    minutes: values.minutes ?? null,
    count: values.count ?? null,
    target: values.target ?? null,
    note: values.note ?? null,
  };
}

function serviceFlags({ services, thresholds }: FlagInput): RedFlag[] {
  const targetOf = (s: (typeof services)[number]) => s.targetMinutes ?? thresholds.waitTargetMinutes;
  return services
    .filter((s) => s.waiting > 0 && s.estimatedMinutes > targetOf(s))
    .map((s) =>
      flag('wait_over_target', s.estimatedMinutes >= targetOf(s) * 1.5 ? 'high' : 'warn', { type: 'service', id: s.id, label: s.label }, {
        minutes: s.estimatedMinutes,
        count: s.waiting,
        target: targetOf(s),
      }),
    );
}

function counterFlags({ counters, services, thresholds, now, outOfTurn }: FlagInput): RedFlag[] {
  const waiting = new Map(services.map((s) => [s.id, s.waiting]));
  const flags: RedFlag[] = [];
  for (const c of counters) {
    const subject = { type: 'counter' as const, id: c.id, label: c.label };
    const minutes = minutesBetween(c.since, now);
    if (c.activity === 'paused' && minutes >= thresholds.pauseFlagMinutes) {
      const severity = minutes >= thresholds.pauseFlagMinutes * 2 ? 'high' : 'warn';
      flags.push(flag('counter_paused_long', severity, subject, { minutes, target: thresholds.pauseFlagMinutes, note: c.pauseReason }));
    }
    if (c.activity === 'idle' && minutes >= thresholds.idleFlagMinutes) {
      const queued = c.serviceIds.reduce((sum, id) => sum + (waiting.get(id) ?? 0), 0);
      if (queued > 0) flags.push(flag('counter_idle_with_queue', 'warn', subject, { minutes, count: queued, target: thresholds.idleFlagMinutes }));
    }
    const run = longestBadRun(c.ratingLevels);
    if (thresholds.badRatingStreak > 0 && run >= thresholds.badRatingStreak) {
      flags.push(flag('bad_rating_streak', 'high', subject, { count: run, target: thresholds.badRatingStreak }));
    }
    const calls = outOfTurn.filter((o) => o.counterId === c.id).length;
    if (calls > 0) flags.push(flag('out_of_turn_calls', calls >= 3 ? 'warn' : 'info', subject, { count: calls }));
  }
  return flags;
}

function overdueFlags({ cases, conditional, workOrders, now }: FlagInput): RedFlag[] {
  const flags: RedFlag[] = [];
  for (const c of cases) {
    if (c.deadline < now) flags.push(flag('case_overdue', 'high', { type: 'case', id: c.id, label: c.label }, { minutes: minutesBetween(c.deadline, now) }));
  }
  for (const c of conditional) {
    if (c.deadline < now) {
      flags.push(flag('conditional_overdue', 'warn', { type: 'conditional', id: c.id, label: c.label }, { minutes: minutesBetween(c.deadline, now) }));
    }
  }
  for (const w of workOrders) {
    if (w.stepDeadline && w.stepDeadline < now) {
      flags.push(
        flag('work_order_overdue', 'warn', { type: 'work_order', id: w.id, label: w.label }, {
          minutes: minutesBetween(w.stepDeadline, now),
          note: w.step,
        }),
      );
    }
  }
  return flags;
}

const severityRank: Record<FlagSeverity, number> = { high: 0, warn: 1, info: 2 };

/** Every flag of the hall now, the most severe first, then the longest-standing. */
export function redFlags(input: FlagInput): RedFlag[] {
  return [...serviceFlags(input), ...counterFlags(input), ...overdueFlags(input)].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || (b.minutes ?? 0) - (a.minutes ?? 0) || a.key.localeCompare(b.key),
  );
}

/** Where a flag's detail lives: the hall's screen (a service, a counter, the ledger), /duty, rectification. */
export function flagHref(flag: RedFlag, hallSlug: string): string {
  const hall = `/leader/${encodeURIComponent(hallSlug)}`;
  switch (flag.kind) {
    case 'wait_over_target':
      return `${hall}#service-${flag.subject.id}`;
    case 'out_of_turn_calls':
      return `${hall}#fairness`;
    case 'case_overdue':
      return `/duty#case-${flag.subject.id}`;
    case 'conditional_overdue':
      return `${hall}#governance`;
    case 'work_order_overdue':
      return `/leader/rectification?hall=${encodeURIComponent(hallSlug)}#order-${flag.subject.id}`;
    default:
      return `${hall}#counter-${flag.subject.id}`;
  }
}
