'use client';

import { useEffect, useRef, useState } from 'react';
import type { HallEvent } from '@/server/contracts/realtime';
import type { ConnectionState, HallSocket } from './hall-stream';
import { openSocket } from './sockets';

/**
 * Staff screens: calls `onChange` (coalesced) whenever an event of the staff member's
 * hall arrives or the link comes back, so the page refetches its own state; and says
 * whether the link is up.
 */
export function useStaffStream(
  onChange: (event: HallEvent | null) => void,
  coalesceMs = 150,
  namespace: '/staff' | '/leader' = '/staff',
): ConnectionState {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last: HallEvent | null = null;
    const fire = (event: HallEvent | null) => {
      last = event;
      timer ??= setTimeout(() => {
        timer = null;
        onChangeRef.current(last);
      }, coalesceMs);
    };
    const socket = openSocket<HallSocket>(namespace, (cb) => cb({}));
    socket.on('event', (event) => fire(event));
    socket.on('connect', () => {
      setConnection('live');
      fire(null);
    });
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', () => setConnection('reconnecting'));
    return () => {
      if (timer) clearTimeout(timer);
      socket.removeAllListeners();
      socket.close();
    };
  }, [coalesceMs, namespace]);

  return connection;
}

/** Leaders' screens: the same, over /leader (leaders and admins only). */
export function useLeaderStream(onChange: (event: HallEvent | null) => void, coalesceMs = 150): ConnectionState {
  return useStaffStream(onChange, coalesceMs, '/leader');
}
