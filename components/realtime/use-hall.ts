'use client';

import { useEffect, useRef, useState } from 'react';
import type { HallEvent, Snapshot } from '@/server/contracts/realtime';
import { applyCounts, applyHallEvent } from './hall-state';
import { type ConnectionState, type HallSocket, HallStream } from './hall-stream';
import { openSocket } from './sockets';

export interface LiveHall {
  data: Snapshot;
  connection: ConnectionState;
  /** When the screen last heard from the server (ms since epoch). */
  updatedAt: number | null;
}

/**
 * A hall screen's state, live: the server-rendered snapshot first, then every event
 * in seq order over /display. `onEvent` sees each event once, as it is applied.
 */
export function useHall(hall: string, initial: Snapshot, onEvent?: (event: HallEvent) => void): LiveHall {
  const [live, setLive] = useState<LiveHall>({ data: initial, connection: 'connecting', updatedAt: null });
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    let stream: HallStream<Snapshot> | null = null;
    const socket = openSocket<HallSocket>('/display', (cb) => cb({ hall, since: stream?.since ?? initial.seq }));
    stream = new HallStream<Snapshot>(socket, {
      fromSnapshot: (s) => s,
      apply: applyHallEvent,
      applyCounts,
      onChange: (data) => setLive((prev) => ({ ...prev, data, updatedAt: Date.now() })),
      onEvent: (event) => onEventRef.current?.(event),
      onConnection: (connection) => setLive((prev) => ({ ...prev, connection })),
    });
    stream.seed(initial);
    socket.on('heartbeat', () => setLive((prev) => ({ ...prev, updatedAt: Date.now() })));
    return () => stream?.close();
    // The stream lives as long as the page shows this hall; `initial` only seeds it.
  }, [hall]);

  return live;
}
