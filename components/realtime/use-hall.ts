'use client';

import { useEffect, useRef, useState } from 'react';
import type { HallEvent, Snapshot } from '@/server/contracts/realtime';
import { applyCounts, applyHallEvent } from './hall-state';
import { type ConnectionState, type HallSocket, HallStream } from './hall-stream';
import { refusedRetryMs } from './reconnect';
import { openSocket } from './sockets';

export interface LiveHall {
  data: Snapshot;
  connection: ConnectionState;
  /** When the screen last heard from the server (ms since epoch). */
  updatedAt: number | null;
}

export interface UseHallOptions {
  /** The screen's device key, for halls that admit only registered screens. */
  deviceKey?: string | undefined;
  /** Each heartbeat: the hall's latest seq and the server's time. */
  onHeartbeat?: (beat: { seq: number; at?: string }) => void;
}

/** A refused handshake is not retried by Socket.IO itself; a screen keeps trying, slowly (UNAVAILABLE: at once). */
const refusedSlowRetryMs = 10_000;

/**
 * A hall screen's state, live: the server-rendered snapshot first, then every event
 * in seq order over /display. `onEvent` sees each event once, as it is applied.
 */
export function useHall(
  hall: string,
  initial: Snapshot,
  onEvent?: (event: HallEvent) => void,
  options: UseHallOptions = {},
): LiveHall {
  const [live, setLive] = useState<LiveHall>({ data: initial, connection: 'connecting', updatedAt: null });
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const onHeartbeatRef = useRef(options.onHeartbeat);
  onHeartbeatRef.current = options.onHeartbeat;
  const { deviceKey } = options;

  useEffect(() => {
    let stream: HallStream<Snapshot> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const socket = openSocket<HallSocket>('/display', (cb) =>
      cb(deviceKey ? { hall, since: stream?.since ?? initial.seq, deviceKey } : { hall, since: stream?.since ?? initial.seq }),
    );
    stream = new HallStream<Snapshot>(socket, {
      fromSnapshot: (s) => s,
      apply: applyHallEvent,
      applyCounts,
      onChange: (data) => setLive((prev) => ({ ...prev, data, updatedAt: Date.now() })),
      onEvent: (event) => onEventRef.current?.(event),
      onConnection: (connection) => setLive((prev) => ({ ...prev, connection })),
    });
    stream.seed(initial);
    socket.on('heartbeat', (beat) => {
      onHeartbeatRef.current?.(beat);
      setLive((prev) => ({ ...prev, updatedAt: Date.now() }));
    });
    // Refused by the server's middleware (say a database hiccup, or a key being fixed):
    // Socket.IO gives up on such a socket, but a screen on a wall must not.
    const retryLater = (error?: unknown) => {
      if (socket.active || retry) return;
      retry = setTimeout(() => {
        retry = null;
        socket.connect();
      }, refusedRetryMs(error, refusedSlowRetryMs) ?? refusedSlowRetryMs);
    };
    socket.on('connect_error', retryLater);
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') retryLater();
    });
    return () => {
      if (retry) clearTimeout(retry);
      stream?.close();
    };
    // The stream lives as long as the page shows this hall; `initial` only seeds it.
  }, [hall, deviceKey]);

  return live;
}
