import { notFound } from 'next/navigation';
import { cache } from 'react';
import type { DisplaySnapshot } from '@/server/contracts/api';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';

export type DisplayLoad =
  | { admitted: true; snapshot: DisplaySnapshot; serverNow: number; deviceKey: string | undefined }
  | { admitted: false };

/** `?key=` from the screen's address: how an admin hands a TV its device key. */
export function deviceKeyOf(searchParams: Record<string, string | string[] | undefined>): string | undefined {
  const key = searchParams.key;
  const value = Array.isArray(key) ? key[0] : key;
  return value && value.length <= 200 ? value : undefined;
}

/**
 * What a hall screen starts from: the snapshot, read only when the screen may see the
 * hall (a hall that requires device keys renders nothing for a screen without one).
 */
export const loadDisplay = cache(async (ref: string, deviceKey: string | undefined): Promise<DisplayLoad> => {
  if (!hallRef.safeParse(ref).success) notFound();
  const services = getServices();
  const admission = await services.displayDevices.admit(ref, deviceKey);
  if (!admission.ok) {
    if (admission.code === 'NOT_FOUND') notFound();
    return { admitted: false };
  }
  const result = await services.halls.snapshot(ref);
  if (!result.ok) {
    if (result.error.code === 'NOT_FOUND') notFound();
    throw new Error(result.error.message);
  }
  return { admitted: true, snapshot: result.data, serverNow: services.clock.now().getTime(), deviceKey };
});
