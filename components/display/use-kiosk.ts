'use client';

import { useEffect, useState } from 'react';

/** After this long without a mouse move the pointer disappears from the screen. */
const cursorIdleMs = 3_000;

/**
 * What a screen on a wall needs from the browser: the display kept awake (Screen Wake
 * Lock, taken again whenever the page becomes visible, since the browser drops it when
 * the page is hidden), fullscreen on the first tap, and no mouse pointer left in view.
 * Returns whether the pointer is hidden.
 */
export function useKiosk(): boolean {
  const [cursorHidden, setCursorHidden] = useState(false);

  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    let disposed = false;
    const acquire = async () => {
      if (disposed || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
      if (lock && !lock.released) return;
      try {
        lock = await navigator.wakeLock.request('screen');
      } catch {
        // Refused (battery saver, an insecure origin): the TV's own settings must keep it on.
      }
    };
    const onVisibility = () => void acquire();
    void acquire();
    document.addEventListener('visibilitychange', onVisibility);

    const onTap = () => {
      void acquire();
      if (document.fullscreenElement || !document.fullscreenEnabled) return;
      document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
    };
    document.addEventListener('pointerdown', onTap);

    let idleTimer: ReturnType<typeof setTimeout> | null = null;
    const onMove = () => {
      setCursorHidden(false);
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => setCursorHidden(true), cursorIdleMs);
    };
    onMove();
    document.addEventListener('pointermove', onMove);

    return () => {
      disposed = true;
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('pointerdown', onTap);
      document.removeEventListener('pointermove', onMove);
      if (idleTimer) clearTimeout(idleTimer);
      void lock?.release().catch(() => undefined);
    };
  }, []);

  return cursorHidden;
}
