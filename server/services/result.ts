import type { ErrorCode } from '../contracts/common';

export interface ServiceError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ServiceError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/**
 * Thrown inside a transaction to roll it back with a client-facing error; the
 * command runner turns it into a failed Result. Never escapes a service.
 */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function refuse(code: ErrorCode, message: string): never {
  throw new Refusal(code, message);
}
