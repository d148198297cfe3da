'use client';

import { useRef, useState } from 'react';
import type { z } from 'zod';
import { type ApiError, type LazySchema, apiPost, newIdempotencyKey } from '@/lib/api-client';

/**
 * One of the citizen's commands on their ticket: one request at a time, a fresh
 * Idempotency-Key per tap (a retried request on a slow network then acts once).
 */
export function useCitizenCommand<S extends z.ZodType>(path: string, schema: LazySchema<S>) {
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  async function run(): Promise<{ ok: true; data: z.infer<S> } | { ok: false; error: ApiError } | null> {
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    try {
      return await apiPost(path, schema, {}, newIdempotencyKey());
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return { busy, run };
}
