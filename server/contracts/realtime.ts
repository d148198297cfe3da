import { z } from 'zod';
import { displaySnapshot, etaReason, ticketView } from './api';
import { hallRef, publicToken } from './common';

/**
 * The real-time contract (DESIGN.md, "Real time"): handshake auth per namespace,
 * the pushes each namespace receives, and the few messages a client may send.
 * Every hall push carries the hall's gapless `seq`; a client that sees a gap asks
 * for what it missed with `resync`.
 */

export const displayAuth = z.object({
  hall: hallRef,
  since: z.number().int().min(0).optional(),
  deviceKey: z.string().max(200).optional(),
});
export const ticketAuth = z.object({ token: publicToken });
export const hallStreamAuth = z.object({ since: z.number().int().min(0).optional() });

export const hallEvent = z
  .object({
    seq: z.number().int().min(1),
    type: z.string(),
    at: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'HallEvent' });
export type HallEvent = z.infer<typeof hallEvent>;

export const snapshot = displaySnapshot;
export type Snapshot = z.infer<typeof snapshot>;

/** Waiting counts per service, coalesced (at most a few a second per room), latest wins. */
export const counts = z.object({
  seq: z.number().int(),
  services: z.array(z.object({ id: z.string(), waiting: z.number().int() })),
});
export type Counts = z.infer<typeof counts>;

/**
 * A service's waiting list in call order, by ticket number, with the wait range at
 * each place: one encode per service room, and each phone finds its own place in it.
 */
export const queueOrder = z.object({
  serviceId: z.string(),
  at: z.string(),
  order: z.array(z.string()),
  eta: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** Why the waits are what they are (counters paused, a long case ahead…): the same for every place. */
  reasons: z.array(etaReason).optional(),
  /** Why each place's wait is what it is (shared counters, lunch before the call…), beside `eta`. */
  reasonsAt: z.array(z.array(etaReason)).optional(),
});
export type QueueOrder = z.infer<typeof queueOrder>;

export const ticketPush = ticketView;
export type TicketPush = z.infer<typeof ticketPush>;

export const resyncRequest = z.object({ since: z.number().int().min(0) });
export type ResyncReply =
  | { ok: true; events: HallEvent[] }
  | { ok: true; snapshot: Snapshot }
  | { ok: false; error: { code: string; message: string } };

/** Server → client pushes on /display, /staff and /leader. */
export interface HallServerEvents {
  snapshot: (snapshot: Snapshot) => void;
  event: (event: HallEvent) => void;
  counts: (counts: Counts) => void;
  /**
   * The hall's latest seq, sent every few seconds: a client behind it resyncs. `at` is
   * the server's time, so a screen whose own clock is wrong can still judge an event's age.
   */
  heartbeat: (beat: { seq: number; at?: string }) => void;
}

/** Client → server on /display, /staff and /leader: only asking for missed events. */
export interface HallClientEvents {
  resync: (request: { since: number }, ack: (reply: ResyncReply) => void) => void;
}

/**
 * Every few seconds on /ticket, per visit: the hall's latest seq, the server's time, and the
 * number and version of the visit's current ticket. A phone whose view has another number or an
 * older version missed a push (a process died between commit and push) and reads its view again.
 */
export const ticketHeartbeat = z.object({
  seq: z.number().int(),
  at: z.string(),
  number: z.string(),
  version: z.number().int(),
});
export type TicketHeartbeat = z.infer<typeof ticketHeartbeat>;

export interface TicketServerEvents {
  ticket: (ticket: TicketPush) => void;
  queue: (queue: QueueOrder) => void;
  heartbeat: (beat: TicketHeartbeat) => void;
}

export type TicketClientEvents = Record<string, never>;

/** How far behind a client may be and still get events rather than a fresh snapshot. */
export const maxResyncEvents = 500;

/** Every event type a hall emits (a push's `type`, a webhook's `type`). */
export const eventTypes = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.completed',
  'ticket.no_show',
  'ticket.transferred',
  'ticket.parked',
  'ticket.returned',
  'ticket.cancelled',
  'ticket.rejoined',
  'ticket.delayed',
  'ticket.rated',
  'counter.updated',
  'queue.changed',
  'refusal.requested',
  'refusal.approved',
  'refusal.denied',
  'case.opened',
  'case.assigned',
  'case.closed',
  'duty.rostered',
  'conditional.accepted',
  'conditional.confirmed',
  'conditional.fulfilled',
  'conditional.withdrawn',
  'case.filed',
  'case.progressed',
  'work_order.opened',
  'work_order.advanced',
  'work_order.closed',
  /** A leader asked an appeal of a rating; it waits for a second leader. */
  'work_order.appeal_requested',
  /** The waiting appeal was declined by a second leader or withdrawn by the one who asked. */
  'work_order.appeal_declined',
  'rating.excluded',
  'inspection.filed',
  /** An inspector attached a photo to a filed report. */
  'inspection.photo_added',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.checked_in',
  'appointment.no_show',
  /** An admin changed the hall, a service, a counter, the matrix, settings or notices: screens refetch. */
  'config.changed',
  /** The urgent notice every screen of the hall shows at once was posted or cleared. */
  'hall.urgent',
] as const;
export type EventType = (typeof eventTypes)[number];
