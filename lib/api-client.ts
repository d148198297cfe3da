import type { z } from 'zod';
import type { ErrorCode } from '@/server/contracts/common';

/** NETWORK: the request never got an answer we could read (offline, server down, bad JSON). */
export interface ApiError {
  code: ErrorCode | 'NETWORK';
  message: string;
  status: number;
  /** A finer reason within the code (errorBody in the contract), and its figures. */
  reason?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

const networkError = (message: string, status = 0): ApiResult<never> => ({
  ok: false,
  error: { code: 'NETWORK', message, status },
});

/**
 * A schema, or a function that loads one (`() => import(...)`): a page that must stay
 * light (the citizen's ticket page) loads zod and its contracts only when it first asks.
 */
export type LazySchema<S extends z.ZodType> = S | (() => Promise<S>);

/** Never rejects: a schema that cannot be loaded (offline) is null, and the request a NETWORK error. */
const resolve = <S extends z.ZodType>(schema: LazySchema<S>): Promise<S | null> =>
  (typeof schema === 'function' ? schema() : Promise.resolve(schema)).catch(() => null);

interface RequestOptions {
  body?: unknown;
  /** Staff commands carry a fresh key per click so a retried or doubled request acts once. */
  idempotencyKey?: string;
  /** A registered hall device (kiosk) names itself, so it is not counted as an anonymous address. */
  deviceKey?: string | null;
  signal?: AbortSignal;
}

/**
 * One request to the JSON API on the same origin, with the session cookie. The
 * answer is checked against the wire contract, so a drifted server shows up as an
 * error here instead of as a broken page.
 */
export async function apiRequest<S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  schema: LazySchema<S>,
  options: RequestOptions = {},
): Promise<ApiResult<z.infer<S>>> {
  // Started with the request, so a lazily loaded schema arrives while the server answers.
  const check = resolve(schema);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.deviceKey) headers['x-device-key'] = options.deviceKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    return networkError(error instanceof Error ? error.message : 'fetch failed');
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return networkError(`HTTP ${response.status}`, response.status);
  }
  if (!response.ok) {
    // Loaded on the first error only, for the same reason as LazySchema.
    const errorBody = await resolve(() => import('@/server/contracts/common').then((m) => m.errorBody));
    const parsed = errorBody ? errorBody.safeParse(json) : null;
    return parsed?.success
      ? { ok: false, error: { ...parsed.data.error, status: response.status } }
      : networkError(`HTTP ${response.status}`, response.status);
  }
  const checked = await check;
  if (!checked) return networkError('Could not load the response check', response.status);
  const parsed = checked.safeParse(json);
  return parsed.success ? { ok: true, data: parsed.data } : networkError('Unexpected response from the server', response.status);
}

export const apiGet = <S extends z.ZodType>(path: string, schema: LazySchema<S>, signal?: AbortSignal) =>
  apiRequest('GET', path, schema, { signal });

export const apiPost = <S extends z.ZodType>(path: string, schema: LazySchema<S>, body: unknown = {}, idempotencyKey?: string) =>
  apiRequest('POST', path, schema, { body, idempotencyKey });

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts, and a
 * counter PC may well open the console over plain http on the hall's LAN.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
