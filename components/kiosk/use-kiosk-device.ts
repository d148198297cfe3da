'use client';

import { useEffect, useState } from 'react';

const storageKey = 'hb.kiosk.deviceKey';

/**
 * The kiosk's device key: given once as `?key=` when staff set the kiosk up, then kept on
 * the device and taken out of the address bar. Sent as X-Device-Key with each 取号, so the
 * hall's kiosk is never throttled as one address.
 */
export function useKioskDevice(keyFromUrl: string | null): string | null {
  const [key, setKey] = useState<string | null>(keyFromUrl);
  useEffect(() => {
    try {
      if (keyFromUrl) {
        localStorage.setItem(storageKey, keyFromUrl);
        const url = new URL(window.location.href);
        url.searchParams.delete('key');
        window.history.replaceState(null, '', url.toString());
      } else {
        setKey(localStorage.getItem(storageKey));
      }
    } catch {
      // Storage refused (private mode): the key from the address still works for this visit.
    }
  }, [keyFromUrl]);
  return key;
}
