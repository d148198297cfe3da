'use client';

import { useCallback, useEffect, useState } from 'react';
import type { QueueOrder, TicketClientEvents, TicketPush, TicketServerEvents } from '@/server/contracts/realtime';
import type { Socket } from 'socket.io-client';
import type { ConnectionState } from './hall-stream';
import { openSocket } from './sockets';

export interface LiveTicket {
  data: TicketPush;
  connection: ConnectionState;
  updatedAt: number | null;
}

/** The ticket's place in its service's latest queue order, when it waits. */
export function withQueue(ticket: TicketPush, queue: QueueOrder | null): TicketPush {
  if (ticket.status !== 'waiting' || !queue || queue.serviceId !== ticket.serviceId) return ticket;
  const index = queue.order.indexOf(ticket.number);
  if (index < 0) return ticket;
  const eta = queue.eta[index];
  return {
    ...ticket,
    position: index + 1,
    etaMinutes: eta ? { low: eta[0], high: eta[1] } : ticket.etaMinutes,
    etaReasons: queue.reasons ?? ticket.etaReasons,
  };
}

/**
 * The citizen's ticket, live over /ticket: the server pushes this visit's own view on
 * every change of it, and its service's queue order on every queue change; the
 * phone finds its own place in that order.
 */
export function useTicket(token: string, initial: TicketPush): LiveTicket & { replace: (t: TicketPush) => void } {
  const [ticket, setTicket] = useState(initial);
  const [queue, setQueue] = useState<QueueOrder | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    const socket = openSocket<Socket<TicketServerEvents, TicketClientEvents>>('/ticket', (cb) => cb({ token }));
    socket.on('ticket', (t) => {
      setTicket(t);
      setUpdatedAt(Date.now());
    });
    socket.on('queue', (q) => {
      setQueue(q);
      setUpdatedAt(Date.now());
    });
    socket.on('connect', () => setConnection('live'));
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.io.on('reconnect_attempt', () => setConnection('reconnecting'));
    return () => {
      socket.removeAllListeners();
      socket.close();
    };
  }, [token]);

  const replace = useCallback((t: TicketPush) => {
    // A command's answer is newer than the last queue order: until the next one arrives the
    // answer's own place stands (after "more time" the old order would show the old place).
    setQueue(null);
    setTicket(t);
    setUpdatedAt(Date.now());
  }, []);
  return { data: withQueue(ticket, queue), connection, updatedAt, replace };
}
