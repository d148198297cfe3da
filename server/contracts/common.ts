import { z } from 'zod';

/** The closed set of error codes every client can rely on, with their HTTP status. */
export const errorStatus = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** A request body declared as anything but exactly `application/json`. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      /**
       * What exactly was refused, within the code (e.g. DAILY_CAP or SERVICE_CLOSED for a
       * CONFLICT, PHONE_DAILY_LIMIT for a RATE_LIMITED), so a client can say it in plain words.
       */
      reason: z.string().optional(),
      /** Figures the reason needs (a limit, a retry delay in seconds, an opening time). */
      details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBody>;

export const uuid = z.uuid();
export const hallRef = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/i, 'hall slug or id');
export const publicToken = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'ticket token');

/**
 * A 办件 number as the hall's approval system prints it ("QS-2026-000123", "2026000123"):
 * 4–40 letters, digits and dashes, starting and ending with a letter or digit. One schema
 * for every place that takes one (filing at the counter, progress, the citizen's lookup),
 * so a number filed can always be looked up.
 */
export const caseNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/, 'case number: 4–40 letters, digits or inner dashes');
