import { z } from 'zod';
import { hallSummary, ratingLevel } from './api';
import { hallRef } from './common';
import type { HallClientEvents, HallServerEvents } from './realtime';

/**
 * The leaders' live screen on the wire: one hall's figures now (GET
 * /api/v1/halls/{hall}/metrics/live and the /leader socket's `metrics` push), and the
 * district's (GET /api/v1/metrics/live). Minutes are rounded to one decimal.
 */

const minutes = z.number().min(0);
const iso = z.string();

export const liveService = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  waiting: z.number().int().min(0),
  etaMinutes: z.object({ low: z.number().int(), high: z.number().int() }),
  /** The estimate for a newcomer (the middle of the range), compared with the target. */
  estimatedMinutes: minutes,
  overTarget: z.boolean(),
  /** The wait this service aims at: its own where set, else the hall's (`thresholds.waitTargetMinutes`). */
  targetMinutes: minutes,
});

export const counterActivity = z.enum(['serving', 'paused', 'idle', 'closed']);

export const liveCounter = z.object({
  id: z.string(),
  number: z.number().int(),
  name: z.string(),
  kind: z.string(),
  activity: counterActivity,
  /** Since when the counter is in that state. */
  since: iso,
  pauseReason: z.string().nullable(),
  serving: z.object({ number: z.string() }).nullable(),
  /** Busy ÷ staffed time today, 0–1; null before the hall served anyone today. */
  utilisation: z.number().min(0).max(1).nullable(),
  busyMinutes: minutes,
  served: z.number().int().min(0),
});

export const redFlag = z.object({
  key: z.string(),
  kind: z.enum([
    'wait_over_target',
    'counter_paused_long',
    'counter_idle_with_queue',
    'bad_rating_streak',
    'case_overdue',
    'conditional_overdue',
    'work_order_overdue',
    'out_of_turn_calls',
  ]),
  severity: z.enum(['high', 'warn', 'info']),
  subject: z.object({ type: z.enum(['service', 'counter', 'case', 'conditional', 'work_order']), id: z.string(), label: z.string() }),
  minutes: z.number().int().nullable(),
  count: z.number().int().nullable(),
  target: z.number().nullable(),
  note: z.string().nullable(),
  /** The page where the flag's detail is. */
  href: z.string(),
});
export type RedFlagView = z.infer<typeof redFlag>;

export const staffingAdvice = z.object({
  serviceId: z.string(),
  serviceLabel: z.string(),
  estimatedMinutes: minutes,
  waiting: z.number().int(),
  target: z.number(),
  counter: z.object({ id: z.string(), number: z.number().int(), label: z.string(), alreadyServes: z.boolean() }).nullable(),
  reason: z.enum(['idle', 'low_waits', 'open_closed', 'none']),
  counterMaxWait: minutes,
});
export type StaffingAdviceView = z.infer<typeof staffingAdvice>;

/** One out-of-turn call of today: the fairness ledger. */
export const fairnessEntry = z.object({
  seq: z.number().int(),
  at: iso,
  number: z.string(),
  counterNumber: z.number().int(),
  reason: z.string(),
  /** Tickets the policy would have called first. */
  skipped: z.number().int().min(0),
});

export const liveMetrics = z
  .object({
    hall: hallSummary,
    /** The server's clock when the figures were read, and the hall-local day they cover. */
    at: iso,
    day: z.string(),
    seq: z.number().int(),
    thresholds: z.object({
      waitTargetMinutes: z.number(),
      pauseFlagMinutes: z.number(),
      idleFlagMinutes: z.number(),
      badRatingStreak: z.number(),
    }),
    services: z.array(liveService),
    waits: z.object({ called: z.number().int(), averageMinutes: minutes.nullable(), p90Minutes: minutes.nullable() }),
    handling: z.object({ completed: z.number().int(), averageMinutes: minutes.nullable() }),
    served: z.object({ today: z.number().int(), lastWeek: z.number().int(), lastWeekDay: z.string() }),
    counters: z.array(liveCounter),
    /** Tickets issued and served per hall-local hour of today. */
    throughput: z.array(z.object({ hour: z.number().int().min(0).max(23), issued: z.number().int(), served: z.number().int() })),
    satisfaction: z.object({
      rated: z.number().int(),
      /** Share rated 满意 or 非常满意 (kept for outside clients; the screens show goodShare). */
      satisfiedShare: z.number().nullable(),
      /** 好评率: 非常满意 + 满意 + 基本满意 over the counted ratings; null with none. */
      goodShare: z.number().nullable(),
      /** 差评: 不满意 + 非常不满意. */
      dissatisfied: z.number().int(),
      byLevel: z.record(ratingLevel, z.number().int()),
    }),
    governance: z.object({
      pendingRefusals: z.number().int(),
      openCases: z.number().int(),
      overdueCases: z.number().int(),
      openConditional: z.number().int(),
      overdueConditional: z.number().int(),
      openWorkOrders: z.number().int(),
      overdueWorkOrders: z.number().int(),
    }),
    flags: z.array(redFlag),
    advice: z.array(staffingAdvice),
    fairness: z.array(fairnessEntry),
    /**
     * Today's calibration of the citizens' wait ranges: of the tickets called today whose range
     * at issue this process saw, how many were called inside it. Null before any could be checked.
     */
    calibration: z.object({ samples: z.number().int(), inside: z.number().int() }).nullable().optional(),
  })
  .meta({ id: 'LiveMetrics' });
export type LiveMetrics = z.infer<typeof liveMetrics>;

export const districtMetrics = z.object({ at: iso, halls: z.array(liveMetrics) }).meta({ id: 'DistrictLiveMetrics' });
export type DistrictMetrics = z.infer<typeof districtMetrics>;

/** /leader socket: ask for a few halls' figures; they are pushed as `metrics` whenever they change. */
export const metricsWatch = z.object({ halls: z.array(hallRef).min(1).max(50) }).strict();
export type MetricsWatchReply = { ok: true; halls: string[] } | { ok: false; error: { code: string; message: string } };

export interface LeaderServerEvents extends HallServerEvents {
  metrics: (metrics: LiveMetrics) => void;
}

export interface LeaderClientEvents extends HallClientEvents {
  'metrics:watch': (request: { halls: string[] }, ack: (reply: MetricsWatchReply) => void) => void;
}
