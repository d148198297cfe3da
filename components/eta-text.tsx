'use client';

import { format } from '@/lib/i18n';
import { useMessages } from './i18n';

/** An honest wait: always a range, never a single promised minute. */
export function EtaText({ low, high }: { low: number; high: number }) {
  const t = useMessages();
  return <>{high === 0 ? t.common.etaZero : format(t.common.etaRange, { low, high })}</>;
}
