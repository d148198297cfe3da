/**
 * Staffing advice (调度建议): when a service's estimate crosses its wait target (its own, else the hall's), name
 * the general counter (综合窗口) that can best be switched to it, and say why. Pure rules.
 */
import type { CounterActivity } from './counter-load';

export interface AdviceService {
  id: string;
  label: string;
  waiting: number;
  estimatedMinutes: number;
  /** The service's own wait target; without one the hall's. */
  targetMinutes?: number;
}

export interface AdviceCounter {
  id: string;
  number: number;
  label: string;
  kind: string;
  activity: CounterActivity;
  serviceIds: readonly string[];
}

/**
 * idle: the counter is free now and its own queues are short; low_waits: it is busy but
 * every queue it serves is short; open_closed: no open counter can be spared, so open a
 * closed general counter; none: nobody can be moved — call in staff.
 */
export type AdviceReason = 'idle' | 'low_waits' | 'open_closed' | 'none';

export interface StaffingAdvice {
  serviceId: string;
  serviceLabel: string;
  estimatedMinutes: number;
  waiting: number;
  target: number;
  counter: { id: string; number: number; label: string; alreadyServes: boolean } | null;
  reason: AdviceReason;
  /** The longest estimate among the counter's other services (minutes), 0 with none. */
  counterMaxWait: number;
}

/** A queue counts as short when its estimate is at most half its service's target. */
const shortShare = 0.5;

export function staffingAdvice(
  services: readonly AdviceService[],
  counters: readonly AdviceCounter[],
  hallTargetMinutes: number,
): StaffingAdvice[] {
  const targetOf = (s: AdviceService) => s.targetMinutes ?? hallTargetMinutes;
  const estimate = new Map(services.map((s) => [s.id, s.estimatedMinutes]));
  const shortQueue = new Map(services.map((s) => [s.id, s.estimatedMinutes <= targetOf(s) * shortShare]));
  const over = services
    .filter((s) => s.waiting > 0 && s.estimatedMinutes > targetOf(s))
    .sort((a, b) => b.estimatedMinutes - a.estimatedMinutes);
  const overIds = new Set(over.map((s) => s.id));
  const taken = new Set<string>();
  const general = counters.filter((c) => c.kind === 'general');

  return over.map((service) => {
    const otherWait = (c: AdviceCounter) =>
      Math.max(0, ...c.serviceIds.filter((id) => id !== service.id).map((id) => estimate.get(id) ?? 0));
    // A counter whose own queues are over target too is needed where it is.
    const spare = general
      .filter((c) => !taken.has(c.id) && (c.activity === 'idle' || c.activity === 'serving'))
      .filter((c) => !c.serviceIds.some((id) => id !== service.id && overIds.has(id)))
      .filter((c) => c.activity === 'idle' || c.serviceIds.every((id) => id === service.id || shortQueue.get(id) !== false))
      .sort(
        (a, b) =>
          Number(b.activity === 'idle') - Number(a.activity === 'idle') ||
          Number(a.serviceIds.includes(service.id)) - Number(b.serviceIds.includes(service.id)) ||
          otherWait(a) - otherWait(b) ||
          a.number - b.number,
      );
    const base = {
      serviceId: service.id,
      serviceLabel: service.label,
      estimatedMinutes: service.estimatedMinutes,
      waiting: service.waiting,
      target: targetOf(service),
    };
    const pick = spare[0];
    if (pick) {
      taken.add(pick.id);
      return {
        ...base,
        counter: { id: pick.id, number: pick.number, label: pick.label, alreadyServes: pick.serviceIds.includes(service.id) },
        reason: pick.activity === 'idle' ? 'idle' : 'low_waits',
        counterMaxWait: otherWait(pick),
      };
    }
    const closed = general
      .filter((c) => !taken.has(c.id) && c.activity === 'closed')
      .sort((a, b) => Number(b.serviceIds.includes(service.id)) - Number(a.serviceIds.includes(service.id)) || a.number - b.number)[0];
    if (closed) {
      taken.add(closed.id);
      return {
        ...base,
        counter: { id: closed.id, number: closed.number, label: closed.label, alreadyServes: closed.serviceIds.includes(service.id) },
        reason: 'open_closed',
        counterMaxWait: otherWait(closed),
      };
    }
    return { ...base, counter: null, reason: 'none', counterMaxWait: 0 };
  });
}
