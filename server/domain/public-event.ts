/**
 * What anyone outside the hall's staff may learn of an event: numbers, counters, services
 * and counts. Anything else in the event's data (reasons, notes, staff) stays on the server,
 * so a field added to an event later never leaks to a public screen or a webhook by accident.
 */
export const publicEventFields = [
  'ticketId',
  'number',
  'counterNumber',
  'counterId',
  'serviceId',
  'status',
  'pauseReason',
  'recallCount',
  'returned',
  'outOfTurn',
  'toServiceId',
  'toCounterId',
  'toCounterNumber',
  'channel',
  // Admin changes (config.changed, hall.urgent): what changed, and the notice every screen shows.
  'entity',
  'urgentNotice',
] as const;

export function publicEventData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of publicEventFields) {
    if (field in data) out[field] = data[field];
  }
  return out;
}
