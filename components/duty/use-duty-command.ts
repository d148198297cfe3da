'use client';

import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiPost, newIdempotencyKey } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { useMessages } from '../i18n';

/** One leader command at a time, each press with its own idempotency key. */
export function useDutyCommand(afterEach: () => Promise<void>) {
  const t = useMessages();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; message: string } | null>(null);
  const lock = useRef(false);
  const run = useCallback(
    async <S extends z.ZodType>(id: string, path: string, schema: S, body: unknown): Promise<boolean> => {
      if (lock.current) return false;
      lock.current = true;
      setBusy(id);
      setError(null);
      try {
        const result = await apiPost(path, schema, body, newIdempotencyKey());
        await afterEach();
        if (!result.ok) setError({ id, message: describeApiError(result.error, t) });
        return result.ok;
      } finally {
        lock.current = false;
        setBusy(null);
      }
    },
    [afterEach, t],
  );
  return { busy, error, run };
}
