/**
 * The ticket's life as a table of legal transitions. Every command that changes a
 * ticket names its transition here; anything not in the table is refused.
 */
export const ticketStatuses = [
  'waiting',
  'called',
  'serving',
  'completed',
  'no_show',
  'transferred',
  'parked',
  'cancelled',
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketActions = [
  'call',
  'recall',
  'start',
  'complete',
  'no_show',
  'transfer',
  'park',
  'return',
  'cancel',
  'rejoin',
  'refuse',
] as const;
export type TicketAction = (typeof ticketActions)[number];

export const transitions: Readonly<Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>>> = {
  call: { waiting: 'called' },
  // A recall repeats the call: the ticket stays called and is announced again.
  recall: { called: 'called' },
  start: { called: 'serving' },
  complete: { serving: 'completed' },
  no_show: { called: 'no_show', parked: 'no_show' },
  transfer: { called: 'transferred', serving: 'transferred' },
  park: { called: 'parked', serving: 'parked' },
  // A parked ticket returns to its counter by being called there again.
  return: { parked: 'called' },
  cancel: { waiting: 'cancelled' },
  // A citizen who missed the call may take their place again (within a hall-set window).
  rejoin: { no_show: 'waiting' },
  // 否定报备: a refusal request parks the ticket; the leader's approval ends the visit.
  refuse: { parked: 'completed' },
};

export const terminalStatuses: ReadonlySet<TicketStatus> = new Set(['completed', 'transferred', 'cancelled']);
export const activeStatuses: ReadonlySet<TicketStatus> = new Set(['called', 'serving']);

export function nextStatus(from: TicketStatus, action: TicketAction): TicketStatus | null {
  return transitions[action][from] ?? null;
}

export function isTicketStatus(value: string): value is TicketStatus {
  return (ticketStatuses as readonly string[]).includes(value);
}
