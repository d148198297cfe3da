'use client';

import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiGet } from '@/lib/api-client';
import {
  type CounterState,
  type DisplaySnapshot,
  type TicketView,
  counterState,
  ticketViewResponse,
} from '@/server/contracts/api';
import type { ConnectionState } from './realtime/hall-stream';
import { useHall } from './realtime/use-hall';
import { useStaffStream } from './realtime/use-counter';
import { useTicket } from './realtime/use-ticket';

/**
 * Live data for a page over Socket.IO (components/realtime). Pages use only the
 * three hooks below, which keep one shape whatever carries the updates.
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

/** The citizen's own ticket: pushed on every change of it, its place from the queue order. */
export function useLiveTicket(token: string, initial: TicketView): Live<TicketView> {
  const live = useTicket(token, initial);
  const { replace } = live;
  const refresh = useCallback(async () => {
    const result = await apiGet(`/api/v1/tickets/${encodeURIComponent(token)}`, ticketViewResponse);
    if (result.ok) replace(result.data.ticket);
  }, [token, replace]);
  return { ...live, failing: isFailing(live.connection), refresh, replace };
}

/** What a hall screen shows, applied event by event in seq order. */
export function useLiveSnapshot(hall: string, initial: DisplaySnapshot): Live<DisplaySnapshot> {
  const live = useHall(hall, initial);
  return {
    ...live,
    failing: isFailing(live.connection),
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
