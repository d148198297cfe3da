import type { ApiError } from './api-client';
import type { Messages } from './i18n';

/**
 * A failed call in the reader's words: the localised meaning of the code, then the
 * server's own sentence (it names the ticket or the state that blocked the command).
 */
export function describeApiError(error: ApiError, t: Messages): string {
  if (error.code === 'NETWORK') return t.common.networkError;
  return `${t.errors[error.code]}（${error.message}）`;
}
