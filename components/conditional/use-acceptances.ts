'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiGet } from '@/lib/api-client';
import { type AcceptanceList, acceptanceList } from '@/server/contracts/conditional';

/**
 * The hall's outstanding 容缺 acceptances. The page's own live link already refetches its
 * state on every event of the hall; this list follows it (`tick` is that state's time), so
 * the page keeps one socket.
 */
export function useAcceptances(hall: string, tick: number | null) {
  const [data, setData] = useState<AcceptanceList | null>(null);
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const result = await apiGet(`/api/v1/halls/${encodeURIComponent(hall)}/conditional-acceptances`, acceptanceList as z.ZodType<AcceptanceList>);
    if (mine === generation.current && result.ok) setData(result.data);
  }, [hall]);
  useEffect(() => {
    void refresh();
  }, [refresh, tick]);
  return { data, refresh };
}
