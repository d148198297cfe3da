import { type Messages, format } from './i18n';

/** Figures of a refused 取号, as the API's error carries them. */
export interface IntakeFailure {
  code: string;
  reason?: string | undefined;
  details?: Record<string, string | number> | undefined;
}

interface Opening {
  daysAhead: number;
  day: string;
  weekday: number;
  time: string;
}

/** "今天 13:30", "明天 09:00", "11月30日（周一）09:00". */
export function whenText(opens: Opening, t: Messages): string {
  if (opens.daysAhead === 0) return format(t.citizen.when.today, { time: opens.time });
  if (opens.daysAhead === 1) return format(t.citizen.when.tomorrow, { time: opens.time });
  const [, month, day] = opens.day.split('-');
  return format(t.citizen.when.later, {
    month: Number(month),
    day: Number(day),
    weekday: t.citizen.weekdays[opens.weekday] ?? '',
    time: opens.time,
  });
}

/** "周一至周五", "周六". */
export function weekdaysText(weekdays: readonly number[], t: Messages): string {
  const first = weekdays[0];
  const last = weekdays[weekdays.length - 1];
  if (first === undefined || last === undefined) return '';
  const name = (d: number) => t.citizen.weekdays[d] ?? '';
  if (weekdays.length === 1) return name(first);
  if (weekdays.length === 2) return `${name(first)}、${name(last)}`;
  return format(t.citizen.weekdayRange, { from: name(first), to: name(last) });
}

export function etaText(eta: { low: number; high: number }, t: Messages): string {
  return eta.high === 0 ? t.common.etaZero : format(t.common.etaRange, eta);
}

/** A refused 取号 in plain words: what happened and what the citizen can do now. */
export function intakeFailureText(error: IntakeFailure, service: { name: string }, t: Messages): string {
  const e = t.citizen.errors;
  const d = error.details ?? {};
  switch (error.reason) {
    case 'PHONE_DAILY_LIMIT':
      return d.limit === undefined ? e.phoneDailyLimitNoFigure : format(e.phoneDailyLimit, { limit: d.limit });
    case 'IP_LIMIT':
      return format(e.ipLimit, { minutes: Math.max(1, Math.ceil(Number(d.retryAfterSeconds ?? 60) / 60)) });
    case 'DAILY_CAP':
      return d.cap === undefined ? format(e.dailyCapNoFigure, { service: service.name }) : format(e.dailyCap, { service: service.name, cap: d.cap });
    case 'SERVICE_CLOSED': {
      if (typeof d.opensDay !== 'string' || typeof d.opensTime !== 'string') return format(e.closedNoTime, { service: service.name });
      const when = whenText(
        { daysAhead: Number(d.daysAhead ?? 2), day: d.opensDay, weekday: Number(d.opensWeekday ?? 1), time: d.opensTime },
        t,
      );
      return format(e.closed, { service: service.name, when });
    }
    default:
      if (error.code === 'NETWORK') return e.network;
      if (error.code === 'NOT_FOUND') return e.notFound;
      if (error.code === 'RATE_LIMITED') return format(e.ipLimit, { minutes: 10 });
      return e.other;
  }
}
