import { format, type Messages } from '@/lib/i18n';
import type { RedFlagView, StaffingAdviceView } from '@/server/contracts/leader-live';

/** "12 分钟", "2 小时 5 分", "3 天 4 小时". */
export function durationText(t: Messages, minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return format(t.leader.duration.minutes, { m });
  if (m < 24 * 60) return format(t.leader.duration.hours, { h: Math.floor(m / 60), m: m % 60 });
  return format(t.leader.duration.days, { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
}

/** A flag's sentence. Flags about time (pauses, idling) run on from `ageMinutes` since the figures were read. */
export function flagText(t: Messages, flag: RedFlagView, ageMinutes = 0): string {
  const minutes = (flag.minutes ?? 0) + (flag.kind === 'wait_over_target' ? 0 : ageMinutes);
  const note = flag.kind === 'work_order_overdue' ? (t.leader.steps[flag.note ?? ''] ?? flag.note ?? '') : (flag.note ?? '—');
  return format(t.leader.flag[flag.kind], {
    label: flag.subject.label,
    minutes,
    duration: durationText(t, minutes),
    count: flag.count ?? 0,
    target: flag.target ?? 0,
    note,
  });
}

export function adviceText(t: Messages, advice: StaffingAdviceView): string {
  const text = format(t.leader.adviceLine[advice.reason], {
    service: advice.serviceLabel,
    minutes: Math.round(advice.estimatedMinutes),
    target: advice.target,
    counter: advice.counter?.label ?? '',
    counterWait: Math.round(advice.counterMaxWait),
  });
  return advice.counter?.alreadyServes && advice.reason !== 'none' ? `${text}${t.leader.alreadyServes}` : text;
}

export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function minutesText(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}
