import type { ApiError } from './api-client';
import { type Messages, format } from './i18n';

/**
 * A failed call in the reader's words. A reason the catalog knows is said whole, with its
 * figures (when to try again); otherwise the localised meaning of the code, then the
 * server's own sentence (it names the ticket or the state that blocked the command).
 */
export function describeApiError(error: ApiError, t: Messages): string {
  if (error.code === 'NETWORK') return t.common.networkError;
  const known = error.reason !== undefined && Object.hasOwn(t.errorReasons, error.reason);
  if (known) {
    const text = t.errorReasons[error.reason as keyof Messages['errorReasons']];
    const seconds = Number(error.details?.retryAfterSeconds ?? 60);
    const limit = error.details?.limit;
    return format(text, { minutes: Math.max(1, Math.ceil(seconds / 60)), limit: typeof limit === 'number' ? limit : '' });
  }
  return `${t.errors[error.code]}（${error.message}）`;
}
