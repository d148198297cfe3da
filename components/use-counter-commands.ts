'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { type ApiResult, apiPost, newIdempotencyKey } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { useMessages } from './i18n';

/** Waits before resending a command that got no answer (same key, so it still acts once). */
const retryDelaysMs = [400, 1_200];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one counter command at a time. The ref is the real guard: a second click or key
 * press that lands before React re-renders the disabled button still finds it taken, and
 * it stays taken until the answer and the refreshed state are on screen, so a press
 * between the two cannot act on the state from before the first command.
 *
 * Every click carries a fresh Idempotency-Key. When a request gets no answer (a network
 * blip, a restarting server) it is resent with the same key: the server runs it at most
 * once and answers the retry with the stored result.
 */
export function useCounterCommands(counterId: string, afterEach: () => Promise<void>) {
  const t = useMessages();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [settled, setSettled] = useState(0);
  const lock = useRef(false);

  // Released only after a render with the command's result has been committed.
  useEffect(() => {
    lock.current = false;
  }, [settled]);

  const run = useCallback(
    async <S extends z.ZodType>(action: string, schema: S, body: unknown = {}): Promise<z.infer<S> | null> => {
      if (lock.current) return null;
      lock.current = true;
      setBusy(action);
      setError(null);
      setInfo(null);
      try {
        const path = `/api/v1/counters/${encodeURIComponent(counterId)}/${action}`;
        const key = newIdempotencyKey();
        let result: ApiResult<z.infer<S>> = await apiPost(path, schema, body, key);
        for (const delay of retryDelaysMs) {
          if (result.ok || (result.error.code !== 'NETWORK' && result.error.code !== 'UNAVAILABLE')) break;
          await sleep(delay);
          result = await apiPost(path, schema, body, key);
        }
        await afterEach();
        if (!result.ok) {
          setError(describeApiError(result.error, t));
          return null;
        }
        return result.data;
      } finally {
        setBusy(null);
        setSettled((n) => n + 1);
      }
    },
    [counterId, afterEach, t],
  );

  /** The lock is held: a command is running or its result is not on screen yet. */
  const isLocked = useCallback(() => lock.current, []);

  return { busy, error, info, setInfo, setError, run, isLocked };
}
