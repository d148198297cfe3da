'use client';

import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { LeaderClientEvents, LeaderServerEvents, LiveMetrics } from '@/server/contracts/leader-live';
import type { ConnectionState } from '../realtime/hall-stream';
import { openSocket } from '../realtime/sockets';

type LeaderSocket = Socket<LeaderServerEvents, LeaderClientEvents>;

export interface LiveHalls {
  halls: LiveMetrics[];
  connection: ConnectionState;
  /** Server time minus this browser's time (ms), from the latest figures: durations use the server's clock. */
  skewMs: number;
}

/**
 * The leaders' figures of some halls, live: the server pushes a hall's figures to its
 * watchers whenever they change (at most once a second) and every few seconds otherwise.
 * A reconnect asks again, since the server forgets a socket's rooms with the socket.
 */
export function useLiveMetrics(initial: LiveMetrics[]): LiveHalls {
  const [halls, setHalls] = useState(initial);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [skewMs, setSkewMs] = useState(0);
  const slugs = initial.map((h) => h.hall.slug).join(',');

  useEffect(() => {
    const watch = slugs.split(',').filter(Boolean);
    const socket = openSocket<LeaderSocket>('/leader', (cb) => cb({}));
    socket.on('connect', () => {
      socket.emit('metrics:watch', { halls: watch }, (reply) => setConnection(reply.ok ? 'live' : 'reconnecting'));
    });
    socket.on('metrics', (metrics) => {
      setSkewMs(new Date(metrics.at).getTime() - Date.now());
      setHalls((current) => current.map((h) => (h.hall.id === metrics.hall.id ? metrics : h)));
    });
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', () => setConnection('reconnecting'));
    return () => {
      socket.removeAllListeners();
      socket.close();
    };
  }, [slugs]);

  return { halls, connection, skewMs };
}

/** The server's "now" as this browser sees it, moving every `everyMs`. */
export function useServerNow(skewMs: number, everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    setNow(Date.now() + skewMs);
    const timer = setInterval(() => setNow(Date.now() + skewMs), everyMs);
    return () => clearInterval(timer);
  }, [skewMs, everyMs]);
  return now;
}
