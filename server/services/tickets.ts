import type { Db } from '../../db/client';
import type { Clock } from '../domain/clock';
import type { RunCommand } from './command';
import type { HallForecasts } from './hall-forecasts';
import { createIssueTicket } from './ticket-issue';
import { createTicketReads } from './ticket-views';
import { createVisitCommands } from './ticket-visit-commands';

export interface TicketServiceDeps {
  db: Db;
  clock: Clock;
  runCommand: RunCommand;
  publicUrl?: string | undefined;
  forecasts: HallForecasts;
}

/**
 * Tickets: 取号 (ticket-issue.ts), the citizen's view and the queue order (ticket-views.ts),
 * and the citizen's cancel and rating (ticket-visit-commands.ts).
 */
export function createTicketService({ db, clock, runCommand, publicUrl, forecasts }: TicketServiceDeps) {
  const ticketUrl = (token: string) => `${publicUrl ?? ''}/t/${token}`;
  const reads = createTicketReads({ db, clock, forecasts });
  const issue = createIssueTicket({ db, clock, runCommand, positionOf: reads.positionOf, ticketUrl });
  const { cancel, rate } = createVisitCommands({ runCommand, reads });
  const { view, resolveVisit, visitOfTicket, visitOfToken, viewOfVisit, queueOrder } = reads;
  return { issue, view, cancel, rate, resolveVisit, visitOfTicket, visitOfToken, viewOfVisit, queueOrder };
}

export type TicketService = ReturnType<typeof createTicketService>;
