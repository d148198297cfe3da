import type { HallEvent } from '../contracts/realtime';
import { publicEventData } from '../domain/public-event';
import type { CommittedEvent } from '../services/events';

/** What hall screens may learn of an event (the same projection the webhooks send). */
export function toPublicEvent(event: Pick<CommittedEvent, 'seq' | 'type' | 'at' | 'data'>): HallEvent {
  return { seq: event.seq, type: event.type, at: event.at, data: publicEventData(event.data) };
}

/** Staff and leaders see the whole event of their own hall (it never holds personal data). */
export function toStaffEvent(event: Pick<CommittedEvent, 'seq' | 'type' | 'at' | 'data'>): HallEvent {
  return { seq: event.seq, type: event.type, at: event.at, data: event.data };
}
