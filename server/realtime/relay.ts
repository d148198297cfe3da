import type { Namespace } from 'socket.io';
import type { Services } from '../services';
import type { CommittedEvent } from '../services/events';
import { toPublicEvent, toStaffEvent } from './projection';
import { rooms } from './rooms';

export interface RelayNamespaces {
  display: Namespace;
  staff: Namespace;
  leader: Namespace;
  ticket: Namespace;
}

export interface RelayOptions {
  /** Waiting counts and queue orders are pushed at most once per this many ms per room. */
  coalesceMs: number;
  /** True when other processes share the rooms (Redis adapter): rooms may have remote members. */
  clustered: boolean;
  onError: (error: unknown) => void;
}

/**
 * Admin changes that alter what hall screens show (a renamed or disabled service, a new
 * counter, the urgent notice): screens are sent a fresh snapshot rather than taught every
 * kind of configuration change. Changes to accounts need no new picture.
 */
const configTypes = new Set(['config.changed', 'hall.urgent']);
const screenEntities = new Set(['hall', 'service', 'counter', 'matrix', 'notices', 'settings']);

/** Event types after which a service's waiting list (and so every position in it) changed. */
const queueTypes = new Set(['queue.changed', 'ticket.issued', 'ticket.called', 'ticket.cancelled', 'ticket.transferred', 'ticket.rejoined']);

/**
 * Turns committed events into pushes. Events go out at once, in seq order within a hall:
 * the command runner hands over each hall's batches in seq order (services/command.ts).
 * Derived pushes — waiting counts for screens, queue orders for phones, a visit's own
 * view — are coalesced per room and computed once per room, never once per watcher.
 */
export function createRelay(ns: RelayNamespaces, services: Services, options: RelayOptions) {
  let running = true;
  const pendingCounts = new Set<string>();
  const pendingQueues = new Set<string>();
  const pendingVisits = new Set<string>();
  const pendingSnapshots = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  const hasMembers = (namespace: Namespace, room: string) =>
    options.clustered || (namespace.adapter.rooms.get(room)?.size ?? 0) > 0;

  async function flush() {
    timer = null;
    const halls = [...pendingCounts];
    const queues = [...pendingQueues];
    const visits = [...pendingVisits];
    const snapshots = [...pendingSnapshots];
    pendingSnapshots.clear();
    pendingCounts.clear();
    pendingQueues.clear();
    pendingVisits.clear();
    await Promise.all([
      ...halls.map(async (hallId) => {
        const counts = await services.halls.waitingCounts(hallId);
        const room = rooms.hall(hallId);
        ns.display.to(room).emit('counts', counts);
        ns.staff.to(room).emit('counts', counts);
        ns.leader.to(room).emit('counts', counts);
      }),
      ...queues.map(async (serviceId) => {
        const order = await services.tickets.queueOrder(serviceId);
        if (order) ns.ticket.to(rooms.service(serviceId)).emit('queue', order);
      }),
      ...snapshots.map(async (hallId) => {
        // Read after the commit, so its seq covers the change; clients take a snapshot at or
        // past their own seq, so one that arrives late is still applied in order.
        const snapshot = await services.halls.snapshot(hallId);
        if (!snapshot.ok) return;
        const room = rooms.hall(hallId);
        ns.display.to(room).emit('snapshot', snapshot.data);
        ns.staff.to(room).emit('snapshot', snapshot.data);
        ns.leader.to(room).emit('snapshot', snapshot.data);
      }),
      ...visits.map(async (rootId) => {
        const view = await services.tickets.viewOfVisit(rootId);
        if (view.ok) ns.ticket.to(rooms.visit(rootId)).emit('ticket', view.data);
      }),
    ]);
  }

  function schedule() {
    timer ??= setTimeout(() => {
      flush().catch(options.onError);
    }, options.coalesceMs);
  }

  async function visitOf(event: CommittedEvent): Promise<{ rootId: string; serviceId: string } | null> {
    const ticketId = event.data.ticketId;
    if (typeof ticketId !== 'string') return null;
    return services.tickets.visitOfTicket(ticketId);
  }

  async function relay(events: CommittedEvent[]) {
    // Every event of the batch goes out before anything is awaited, so a later commit
    // can never overtake an earlier one.
    for (const event of events) {
      const room = rooms.hall(event.hallId);
      const publicEvent = toPublicEvent(event);
      ns.display.to(room).emit('event', publicEvent);
      const full = toStaffEvent(event);
      const publicStaff = rooms.publicStaff(event.hallId);
      ns.staff.to(room).except(publicStaff).emit('event', full);
      ns.staff.to(publicStaff).emit('event', publicEvent);
      ns.leader.to(room).emit('event', full);
      if (configTypes.has(event.type) && (event.type === 'hall.urgent' || screenEntities.has(String(event.data.entity)))) {
        pendingSnapshots.add(event.hallId);
      }
      if (queueTypes.has(event.type)) {
        pendingCounts.add(event.hallId);
        for (const key of ['serviceId', 'toServiceId'] as const) {
          const serviceId = event.data[key];
          if (typeof serviceId === 'string' && hasMembers(ns.ticket, rooms.service(serviceId))) pendingQueues.add(serviceId);
        }
      }
    }
    schedule();
    // Finding an event's visit costs up to three reads per event. With no phone connected
    // here (and no other process to serve), nobody could want it: skip, or a burst of
    // commands queues thousands of useless reads ahead of resyncs (seen on PGlite). A phone
    // that connects afterwards reads its view fresh on connect.
    if (!options.clustered && ns.ticket.sockets.size === 0) return;
    for (const event of events) {
      // A counter paused, resumed, opened or closed changes the waits (and their reasons) of
      // every service it serves: the phones in those queues get a fresh order.
      if (event.type === 'counter.updated' && typeof event.data.counterId === 'string') {
        for (const serviceId of await services.citizenTickets.servicesOf(event.data.counterId)) {
          if (hasMembers(ns.ticket, rooms.service(serviceId))) pendingQueues.add(serviceId);
        }
        continue;
      }
      // The hall's answer to a bad rating (整改) reaches the citizen's open page at once.
      if (event.type === 'work_order.advanced' && event.data.done === 'answer' && typeof event.data.workOrderId === 'string') {
        const rootId = await services.workOrders.visitOf(event.data.workOrderId);
        if (rootId && hasMembers(ns.ticket, rooms.visit(rootId))) pendingVisits.add(rootId);
        continue;
      }
      const visit = await visitOf(event);
      if (!visit || !hasMembers(ns.ticket, rooms.visit(visit.rootId))) continue;
      if (event.type === 'ticket.transferred') {
        // The phone follows its visit into the new queue.
        ns.ticket.in(rooms.visit(visit.rootId)).socketsJoin(rooms.service(visit.serviceId));
      }
      pendingVisits.add(visit.rootId);
    }
    schedule();
  }

  return {
    /** Subscribed to the services' commit hook by createRealtime. */
    onCommitted: (events: CommittedEvent[]) => {
      if (!running) return;
      relay(events).catch(options.onError);
    },
    /** Tests: simulate a crash between commit and push. */
    pause: () => {
      running = false;
    },
    resume: () => {
      running = true;
    },
    stop: () => {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
