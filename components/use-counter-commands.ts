'use client';

import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiPost, newIdempotencyKey } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { useMessages } from './i18n';

/**
 * Runs one counter command at a time. The ref is the real guard: a second click
 * that lands before React re-renders the disabled button still finds it taken.
 * Every click carries a fresh Idempotency-Key, so a network retry acts once too.
 */
export function useCounterCommands(counterId: string, afterEach: () => Promise<void>) {
  const t = useMessages();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const lock = useRef(false);

  const run = useCallback(
    async <S extends z.ZodType>(action: string, schema: S, body: unknown = {}): Promise<z.infer<S> | null> => {
      if (lock.current) return null;
      lock.current = true;
      setBusy(action);
      setError(null);
      setInfo(null);
      try {
        const result = await apiPost(`/api/v1/counters/${encodeURIComponent(counterId)}/${action}`, schema, body, newIdempotencyKey());
        await afterEach();
        if (!result.ok) {
          setError(describeApiError(result.error, t));
          return null;
        }
        return result.data;
      } finally {
        lock.current = false;
        setBusy(null);
      }
    },
    [counterId, afterEach, t],
  );

  return { busy, error, info, setInfo, run };
}
