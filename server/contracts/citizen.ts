import { z } from 'zod';
import { etaMinutes, openingPeriod, serviceGuide } from './api';
import { uuid } from './common';

/** Reasons (error.reason) a citizen's 取号 is refused, each said in plain words by the pages. */
export const intakeReasons = {
  /** RATE_LIMITED: this phone number took its numbers for today (details.limit). */
  phoneDailyLimit: 'PHONE_DAILY_LIMIT',
  /** RATE_LIMITED: too many from this address this hour (details.limit, details.retryAfterSeconds). */
  ipLimit: 'IP_LIMIT',
  /** CONFLICT: today's numbers of the service are all taken (details.cap). */
  dailyCap: 'DAILY_CAP',
  /** CONFLICT: outside the service's hours (details.opensDay, opensTime, opensWeekday, daysAhead when known). */
  serviceClosed: 'SERVICE_CLOSED',
} as const;

export const nextOpening = z
  .object({
    daysAhead: z.number().int().min(0),
    day: z.string(),
    weekday: z.number().int().min(1).max(7),
    time: z.string(),
  })
  .meta({ id: 'NextOpening' });

/** A service's live figures: what the hall home and the kiosk poll. */
export const serviceWait = z.object({
  id: uuid,
  waiting: z.number().int(),
  etaMinutes,
  /** Numbers can be taken now (hours enforced by the hall's settings). */
  openNow: z.boolean(),
  /** When a closed service opens next; null when it is open or has no hours. */
  nextOpening: nextOpening.nullable(),
});
export const hallWaits = z.object({ at: z.string(), services: z.array(serviceWait) }).meta({ id: 'HallWaits' });

export const homeService = serviceWait
  .extend({
    name: z.string(),
    prefix: z.string(),
    kind: z.enum(['normal', 'unresolved_matter', 'consultation']),
    instantApproval: z.boolean(),
    /** 秒批: where the citizen finishes the service online instead of queueing. */
    onlineUrl: z.string().nullable(),
    /** 承诺时限 in working days. */
    promisedDays: z.number().int().nullable(),
    guide: serviceGuide,
    dailyCap: z.number().int().nullable(),
    openingHours: z.array(openingPeriod),
  })
  .meta({ id: 'HomeService' });

export const hallHome = z
  .object({
    hall: z.object({ id: uuid, slug: z.string(), name: z.string(), address: z.string() }),
    at: z.string(),
    /** The hall keeps hours now (whatever its intake rule). */
    openNow: z.boolean(),
    nextOpening: nextOpening.nullable(),
    hours: z.array(
      z.object({
        weekdays: z.array(z.number().int().min(1).max(7)),
        ranges: z.array(z.object({ from: z.string(), to: z.string() })),
        partial: z.boolean(),
      }),
    ),
    notices: z.array(z.string()),
    limits: z.object({ perPhonePerDay: z.number().int().nullable() }),
    services: z.array(homeService),
    /** The hall texts "请到 N 号窗口" to a citizen who left a phone (叫号短信 on, and the server has the SMS account and its template): what the phone field may promise. */
    textsOnCall: z.boolean().optional(),
    /** Days after the visit before a phone left on a ticket is anonymised (the hall's contactRetentionDays). */
    contactRetentionDays: z.number().int().optional(),
  })
  .meta({ id: 'HallHome' });

export type HallHome = z.infer<typeof hallHome>;
export type HallWaits = z.infer<typeof hallWaits>;
export type HomeService = z.infer<typeof homeService>;
export type NextOpeningView = z.infer<typeof nextOpening>;

/**
 * 找回排队号: a citizen who closed their ticket page finds today's numbers again with the phone
 * they gave and the number of one of them (shown on the TV, the slip, the SMS-less page they
 * saw). Both must match one ticket; a phone alone would let anyone who knows a phone number
 * read (and cancel) that person's tickets. Misses count per address and per phone.
 */
export const findTicketsBody = z
  .object({
    phone: z.string().trim().regex(/^1[3-9]\d{9}$/, '11-digit mainland mobile number'),
    number: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{1,2}\d{1,4}$/, 'a ticket number such as A023')),
  })
  .strict();
export type FindTicketsBody = z.infer<typeof findTicketsBody>;

export const foundTicket = z
  .object({
    number: z.string(),
    serviceName: z.string(),
    status: z.string(),
    issuedAt: z.string(),
    phoneMasked: z.string(),
    /** The citizen's own ticket page. */
    url: z.string(),
  })
  .meta({ id: 'FoundTicket' });
export const findTicketsResponse = z.object({ tickets: z.array(foundTicket) }).meta({ id: 'FoundTickets' });
export type FoundTicket = z.infer<typeof foundTicket>;
