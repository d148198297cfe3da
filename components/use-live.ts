'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiGet } from '@/lib/api-client';
import { type CounterState, type DisplaySnapshot, counterState } from '@/server/contracts/api';
import { type DutyBoard, dutyBoard } from '@/server/contracts/governance';
import type { HallEvent } from '@/server/contracts/realtime';
import type { ConnectionState } from './realtime/hall-stream';
import { type UseHallOptions, useHall } from './realtime/use-hall';
import { useLeaderStream, useStaffStream } from './realtime/use-counter';

/**
 * Live data for a page over Socket.IO (components/realtime). Pages use only the
 * hooks below, which keep one shape whatever carries the updates.
 */
export interface Live<T> {
  data: T;
  /** When the data was last confirmed by the server (ms since epoch); null until the link is up. */
  updatedAt: number | null;
  /** The link is down: what is on screen may be stale, and the page must say so. */
  failing: boolean;
  connection: ConnectionState;
  /** Fetch now, e.g. right after a command. */
  refresh: () => Promise<void>;
  /** Show data the client already has (a command's answer) without waiting for a push. */
  replace: (data: T) => void;
}

/** "Connecting" on first load is not a failure; a lost link is. */
const isFailing = (connection: ConnectionState) => connection === 'reconnecting';

/** How long a screen may wait for its first connection before it admits the link is down. */
const firstConnectGraceMs = 3_000;
/** A link that is back within this long (a resync round trip) does not flash the badge. */
const flickerMs = 500;

/**
 * What a hall screen shows, applied event by event in seq order. A screen is failing
 * whenever its link has not been live for a moment once it has been (a closed link shows
 * within a second), or when the first connection does not come up in a few seconds.
 */
export function useLiveSnapshot(
  hall: string,
  initial: DisplaySnapshot,
  onEvent?: (event: HallEvent) => void,
  options?: UseHallOptions,
): Live<DisplaySnapshot> {
  const live = useHall(hall, initial, onEvent, options);
  const [everLive, setEverLive] = useState(false);
  const [failing, setFailing] = useState(false);
  if (live.connection === 'live' && !everLive) setEverLive(true);
  const down = live.connection !== 'live';
  useEffect(() => {
    if (!down) {
      setFailing(false);
      return;
    }
    const timer = setTimeout(() => setFailing(true), everLive ? flickerMs : firstConnectGraceMs);
    return () => clearTimeout(timer);
  }, [down, everLive]);
  return {
    ...live,
    failing: down && failing,
    refresh: () => Promise.resolve(),
    replace: () => {},
  };
}

/**
 * A counter's console: refetched (coalesced) whenever an event of its hall arrives or
 * the link comes back, so what it shows is always the server's own answer.
 */
export function useLiveCounter(counterId: string, initial: CounterState): Live<CounterState> {
  const [state, setState] = useState<{ data: CounterState; updatedAt: number | null }>({ data: initial, updatedAt: null });
  // Only the newest request may write: an older answer must not put a stale state back.
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const result = await apiGet(`/api/v1/counters/${encodeURIComponent(counterId)}`, counterState as z.ZodType<CounterState>);
    if (mine !== generation.current || !result.ok) return;
    setState({ data: result.data, updatedAt: Date.now() });
  }, [counterId]);
  const replace = useCallback((data: CounterState) => {
    generation.current++;
    setState({ data, updatedAt: Date.now() });
  }, []);
  const connection = useStaffStream(() => void refresh());
  return { ...state, connection, failing: isFailing(connection), refresh, replace };
}

/**
 * The duty leader's board: refetched (coalesced) on every event of the hall over /leader,
 * like the counter console, so a refusal request or a new case appears without a reload.
 */
export function useLiveDuty(hall: string, initial: DutyBoard): Live<DutyBoard> {
  const [state, setState] = useState<{ data: DutyBoard; updatedAt: number | null }>({ data: initial, updatedAt: null });
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const result = await apiGet(`/api/v1/halls/${encodeURIComponent(hall)}/duty`, dutyBoard as z.ZodType<DutyBoard>);
    if (mine !== generation.current || !result.ok) return;
    setState({ data: result.data, updatedAt: Date.now() });
  }, [hall]);
  const replace = useCallback((data: DutyBoard) => {
    generation.current++;
    setState({ data, updatedAt: Date.now() });
  }, []);
  const connection = useLeaderStream(() => void refresh());
  return { ...state, connection, failing: isFailing(connection), refresh, replace };
}
