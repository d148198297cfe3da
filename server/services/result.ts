import type { ErrorCode } from '../contracts/common';

export interface ServiceError {
  code: ErrorCode;
  message: string;
  /** See errorBody in the contract: a finer reason within the code, and its figures. */
  reason?: string;
  details?: Record<string, string | number>;
}

export interface ErrorDetail {
  reason: string;
  details?: Record<string, string | number>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ServiceError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, detail?: ErrorDetail): Result<never> => ({
  ok: false,
  error: { code, message, ...detail },
});

/**
 * Thrown inside a transaction to roll it back with a client-facing error; the
 * command runner turns it into a failed Result. Never escapes a service.
 */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

export function refuse(code: ErrorCode, message: string, detail?: ErrorDetail): never {
  throw new Refusal(code, message, detail);
}
