import type { z } from 'zod';
import type { ErrorCode } from '@/server/contracts/common';
import { errorBody } from '@/server/contracts/common';

/** A refusal as the admin pages show it: the API's error with its reason and figures kept. */
export interface AdminError {
  /** NETWORK: no readable answer; CONTRACT: an answer the wire contract refuses (a drifted server). */
  code: ErrorCode | 'NETWORK' | 'CONTRACT';
  message: string;
  reason?: string | undefined;
  details?: Record<string, string | number> | undefined;
  status: number;
}

export type AdminResult<T> = { ok: true; data: T } | { ok: false; error: AdminError };

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** The admin API lives under one prefix; `hallPath('x', 'services')` → /api/v1/admin/halls/x/services. */
export const adminBase = '/api/v1/admin';
export const hallPath = (hall: string, ...rest: string[]) =>
  [`${adminBase}/halls/${encodeURIComponent(hall)}`, ...rest.map((p) => encodeURIComponent(p))].join('/');

/**
 * One request to the admin API with the session cookie. Unlike lib/api-client it also sends
 * PATCH and PUT, and it keeps `reason` and `details`, which the forms map onto their fields.
 */
export async function adminRequest<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  body?: unknown,
): Promise<AdminResult<z.infer<S>>> {
  // A command always goes as JSON, an empty object when it has nothing to say.
  const payload = body === undefined && method !== 'GET' ? {} : body;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: payload === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    return { ok: false, error: { code: 'NETWORK', message: error instanceof Error ? error.message : 'fetch failed', status: 0 } };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { ok: false, error: { code: 'NETWORK', message: `HTTP ${response.status}`, status: response.status } };
  }
  if (!response.ok) {
    const parsed = errorBody.safeParse(json);
    return parsed.success
      ? { ok: false, error: { ...parsed.data.error, status: response.status } }
      : { ok: false, error: { code: 'NETWORK', message: `HTTP ${response.status}`, status: response.status } };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.')}: ${issue.message}` : '';
  return { ok: false, error: { code: 'CONTRACT', message: where, status: response.status } };
}

export const adminGet = <S extends z.ZodType>(path: string, schema: S) => adminRequest('GET', path, schema);
