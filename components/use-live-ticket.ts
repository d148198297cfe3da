'use client';

import { useCallback } from 'react';
import { apiGet } from '@/lib/api-client';
import type { TicketView } from '@/server/contracts/api';
import type { ConnectionState } from './realtime/hall-stream';
import { useTicket } from './realtime/use-ticket';
import { ticketSchema } from './ticket/lazy-schema';
import type { Live } from './use-live';

/**
 * Apart from use-live.ts, whose other hooks import the staff contracts (and with them zod):
 * the ticket page must stay light (issue 5), so it imports only this.
 */

/** "Connecting" on first load is not a failure; a lost link is. */
export const isFailing = (connection: ConnectionState) => connection === 'reconnecting';

/** The citizen's own ticket: pushed on every change of it, its place from the queue order. */
export function useLiveTicket(token: string, initial: TicketView): Live<TicketView> {
  const live = useTicket(token, initial);
  const { replace } = live;
  const refresh = useCallback(async () => {
    const result = await apiGet(`/api/v1/tickets/${encodeURIComponent(token)}`, ticketSchema('ticketViewResponse'));
    if (result.ok) replace(result.data.ticket);
  }, [token, replace]);
  return { ...live, failing: isFailing(live.connection), refresh, replace };
}
