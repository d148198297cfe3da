import type { HallEvent } from '../contracts/realtime';
import type { CommittedEvent } from '../services/events';

/**
 * What hall screens may learn of an event: numbers, counters, services and counts.
 * Anything else in the event's data (reasons, notes, staff) stays on the server, so a
 * field added to an event later never leaks to a public screen by accident.
 */
const publicFields = [
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

export function toPublicEvent(event: Pick<CommittedEvent, 'seq' | 'type' | 'at' | 'data'>): HallEvent {
  const data: Record<string, unknown> = {};
  for (const field of publicFields) {
    if (field in event.data) data[field] = event.data[field];
  }
  return { seq: event.seq, type: event.type, at: event.at, data };
}

/** Staff and leaders see the whole event of their own hall (it never holds personal data). */
export function toStaffEvent(event: Pick<CommittedEvent, 'seq' | 'type' | 'at' | 'data'>): HallEvent {
  return { seq: event.seq, type: event.type, at: event.at, data: event.data };
}
