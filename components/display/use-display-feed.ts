'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { DisplaySnapshot } from '@/server/contracts/api';
import type { HallEvent } from '@/server/contracts/realtime';
import { type Live, useLiveSnapshot } from '../use-live';

export interface DisplayFeedOptions {
  deviceKey?: string | undefined;
  /** The server's clock when it rendered the page (ms since epoch). */
  serverNow: number;
  onEvent?: (event: HallEvent) => void;
}

/**
 * A hall screen's live data plus the server's time as well as the screen can tell it:
 * taken from the page render, then from every heartbeat. TVs often keep a wrong clock,
 * and the age of a call must be judged by the clock that stamped it.
 */
export function useDisplayFeed(
  hall: string,
  initial: DisplaySnapshot,
  { deviceKey, serverNow, onEvent }: DisplayFeedOptions,
): { live: Live<DisplaySnapshot>; now: () => number } {
  const offset = useRef(0);
  useEffect(() => {
    offset.current = serverNow - Date.now();
  }, [serverNow]);
  const onHeartbeat = useCallback((beat: { at?: string }) => {
    const at = beat.at === undefined ? Number.NaN : Date.parse(beat.at);
    if (!Number.isNaN(at)) offset.current = at - Date.now();
  }, []);
  const live = useLiveSnapshot(hall, initial, onEvent, { deviceKey, onHeartbeat });
  const now = useCallback(() => Date.now() + offset.current, []);
  return { live, now };
}
