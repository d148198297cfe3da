'use client';

import { useEffect, useRef, useState } from 'react';

/** Untouched this long, a kiosk screen returns to the start, so the next citizen never sees the last one's. */
export const kioskIdleMs = 30_000;
/** The last seconds of it are counted down on the screen, and a touch keeps the citizen where they are. */
export const kioskWarnMs = 10_000;

/**
 * The one idle rule of every kiosk screen: while `active`, a touch or a key restarts the count;
 * `kioskIdleMs` after the last one `onIdle` runs. Returns the seconds left while the countdown
 * shows (the last `kioskWarnMs`), else null. Time is read from Date.now and timers, so a test
 * moves it with the browser's clock rather than waiting.
 */
export function useIdleReturn(active: boolean, onIdle: () => void, idleMs = kioskIdleMs, warnMs = kioskWarnMs): number | null {
  const [left, setLeft] = useState<number | null>(null);
  const last = useRef(0);
  const idle = useRef(onIdle);
  useEffect(() => {
    idle.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!active) {
      setLeft(null);
      return;
    }
    last.current = Date.now();
    const touched = () => {
      last.current = Date.now();
      setLeft(null);
    };
    const tick = window.setInterval(() => {
      const remaining = idleMs - (Date.now() - last.current);
      if (remaining <= 0) {
        last.current = Date.now();
        setLeft(null);
        idle.current();
        return;
      }
      setLeft(remaining <= warnMs ? Math.ceil(remaining / 1000) : null);
    }, 250);
    window.addEventListener('pointerdown', touched);
    window.addEventListener('keydown', touched);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener('pointerdown', touched);
      window.removeEventListener('keydown', touched);
    };
  }, [active, idleMs, warnMs]);
  return left;
}

/** Asked this often whether the server answers: a kiosk shows "系统暂时无法连接" without waiting for a tap. */
const healthMs = 5_000;

/**
 * Whether the server answers (`/readyz`: the process and its database). Two misses in a row
 * (about 10 s) count as down, so one slow answer never flashes the notice; one answer is back.
 */
export function useServerReachable(): boolean {
  const [up, setUp] = useState(true);
  useEffect(() => {
    let misses = 0;
    let stopped = false;
    const ask = async () => {
      const abort = new AbortController();
      const timer = window.setTimeout(() => abort.abort(), 3_000);
      let ok = false;
      try {
        ok = (await fetch('/readyz', { cache: 'no-store', signal: abort.signal })).ok;
      } catch {
        ok = false;
      }
      window.clearTimeout(timer);
      if (stopped) return;
      misses = ok ? 0 : misses + 1;
      setUp(misses < 2);
    };
    const interval = window.setInterval(() => void ask(), healthMs);
    return () => {
      stopped = true;
      window.clearInterval(interval);
    };
  }, []);
  return up;
}
