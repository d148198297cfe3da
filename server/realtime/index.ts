import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { type Namespace, Server, type Socket } from 'socket.io';
import {
  type HallClientEvents,
  type HallServerEvents,
  type ResyncReply,
  type TicketClientEvents,
  type TicketServerEvents,
  displayAuth,
  hallStreamAuth,
  maxResyncEvents,
  resyncRequest,
  ticketAuth,
} from '../contracts/realtime';
import { timedOut, withDeadline } from '../http/deadline';
import { readCookie, sessionCookie } from '../http/router';
import { watchRedis } from '../redis-watch';
import type { Services } from '../services';
import { toPublicEvent, toStaffEvent } from './projection';
import { attachLeaderMetrics } from './leader-metrics';
import { type Relay, createRelay } from './relay';
import { rooms } from './rooms';
import { ticketHeartbeat } from './ticket-heartbeat';

export interface RealtimeOptions {
  services: Services;
  /** Browser origins allowed besides the server's own host. */
  allowedOrigins?: string[];
  /** With it, the Redis Streams adapter carries pushes between processes. */
  redisUrl?: string | undefined;
  /**
   * The Redis stream (and pub/sub channel prefix) the processes of one deployment share.
   * Processes with another name never see each other's pushes: tests run in parallel that way.
   */
  redisStreamName?: string | undefined;
  heartbeatMs?: number;
  coalesceMs?: number;
  /** How often the leaders' figures are refreshed while watched, with no commit (15 s). */
  leaderMetricsRefreshMs?: number;
  onError?: (error: unknown) => void;
}

interface HallSocketData {
  hallId: string;
  view: 'public' | 'staff';
  resyncing: boolean;
}

type HallSocket = Socket<HallClientEvents, HallServerEvents, Record<string, never>, HallSocketData>;
type HallNamespace = Namespace<HallClientEvents, HallServerEvents, Record<string, never>, HallSocketData>;

function refuse(message: string): Error & { data: { code: string } } {
  const error = new Error(message) as Error & { data: { code: string } };
  error.data = { code: message === 'Sign in first' ? 'UNAUTHENTICATED' : 'FORBIDDEN' };
  return error;
}

/** A ticket link past its end (see ticketLinkExpiry): the page says since when, and leads home. */
function linkExpired(expiredAt: string): Error & { data: { code: string; reason: string; details: { expiredAt: string } } } {
  const error = new Error('This ticket link has expired') as Error & { data: { code: string; reason: string; details: { expiredAt: string } } };
  error.data = { code: 'NOT_FOUND', reason: 'LINK_EXPIRED', details: { expiredAt } };
  return error;
}

/**
 * The database failed while a socket was being admitted (an outage, a killed backend): the
 * client is told UNAVAILABLE, a word it can act on (come back shortly), never the driver's
 * message, which would carry SQL to a phone. Socket.IO does not retry a refused handshake by
 * itself, so every client retries this one on its own (components/realtime/reconnect.ts).
 */
function unavailable(): Error & { data: { code: string } } {
  const error = new Error('The service is busy; try again shortly') as Error & { data: { code: string } };
  error.data = { code: 'UNAVAILABLE' };
  return error;
}

/**
 * How long admitting a socket may wait on the database (HTTP requests have their deadline in
 * server/http/deadline.ts): with the database away a handshake is refused UNAVAILABLE within
 * this, and the client comes back shortly, instead of waiting on a driver that may not answer.
 */
export const admissionDeadlineMs = 1_500;

/** The admission's answer, or a rejection once `admissionDeadlineMs` have passed. */
async function admitWithin<T>(work: Promise<T>): Promise<T> {
  const done = await withDeadline(work, admissionDeadlineMs, () => {});
  if (done === timedOut) throw new Error(`socket admission took over ${admissionDeadlineMs} ms`);
  return done;
}

/** The browser's Origin must be this server's own host or an allowed origin; other clients send none. */
function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Socket.IO on the HTTP server, with its relay. A promise by contract: callers await it. */
export function createRealtime(httpServer: HttpServer, options: RealtimeOptions) {
  const { services } = options;
  const onError = options.onError ?? ((error: unknown) => console.error('realtime:', error));
  const allowed = options.allowedOrigins ?? [];
  const io = new Server(httpServer, {
    // The ticket page loads the client from here (/socket.io/socket.io.min.js): it ships no bundle of its own.
    serveClient: true,
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: 16 * 1024,
    // A dead link is noticed within pingInterval + pingTimeout = 10 s.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    allowRequest: (req, callback) => callback(null, originAllowed(req, allowed)),
  });

  let redis: Redis | null = null;
  if (options.redisUrl) {
    redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    watchRedis(redis, 'socket.io adapter');
    const streamName = options.redisStreamName ?? 'hallboard';
    io.adapter(createAdapter(redis, { streamName, channelPrefix: streamName, maxLen: 10_000 }));
  }

  const display = io.of('/display') as HallNamespace;
  const staff = io.of('/staff') as HallNamespace;
  const leader = io.of('/leader') as HallNamespace;
  const ticket = io.of('/ticket') as Namespace<TicketClientEvents, TicketServerEvents>;

  display.use((socket, next) => {
    const auth = displayAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refuse('Give the hall as { hall }'));
    admitWithin(services.displayDevices.admit(auth.data.hall, auth.data.deviceKey))
      .then((admission) => {
        if (!admission.ok) return next(refuse(admission.message));
        socket.data = { hallId: admission.hall.id, view: 'public', resyncing: false };
        // A revoked key ends the screens that use it (rooms.device), as logout ends sessions.
        if (admission.deviceId) void socket.join(rooms.device(admission.deviceId));
        next();
      })
      .catch((error: unknown) => {
        onError(error);
        next(unavailable());
      });
  });

  function staffMiddleware(roles: readonly string[]) {
    return (socket: HallSocket, next: (err?: Error) => void) => {
      const sessionId = readCookie(socket.request.headers.cookie, sessionCookie);
      admitWithin(services.auth.authenticate(sessionId))
        .then((actor) => {
          if (!actor || !sessionId) return next(refuse('Sign in first'));
          if (!roles.includes(actor.role)) return next(refuse('This stream is not for your role'));
          // Volunteers help citizens take numbers: they get numbers and counts, never the staff
          // side of events (reasons, notes, who did it).
          const view = actor.role === 'volunteer' ? 'public' : 'staff';
          socket.data = { hallId: actor.hallId, view, resyncing: false };
          void socket.join(view === 'public' ? [rooms.session(sessionId), rooms.publicStaff(actor.hallId)] : rooms.session(sessionId));
          next();
        })
        .catch((error: unknown) => {
        onError(error);
        next(unavailable());
      });
    };
  }
  staff.use(staffMiddleware(['staff', 'leader', 'admin', 'volunteer']));
  leader.use(staffMiddleware(['leader', 'admin']));

  /** Missed events since `since`, or a snapshot when the client is too far behind. */
  async function catchUp(hallId: string, since: number | undefined, view: 'public' | 'staff'): Promise<ResyncReply> {
    const seq = await services.halls.latestSeq(hallId);
    if (since === undefined || since > seq || seq - since > maxResyncEvents) {
      const snap = await services.halls.snapshot(hallId);
      return snap.ok ? { ok: true, snapshot: snap.data } : { ok: false, error: snap.error };
    }
    const events = await services.halls.eventsSince(hallId, since, maxResyncEvents);
    return { ok: true, events: events.map(view === 'public' ? toPublicEvent : toStaffEvent) };
  }

  function deliver(socket: HallSocket, reply: ResyncReply) {
    if (!reply.ok) return;
    if ('snapshot' in reply) socket.emit('snapshot', reply.snapshot);
    else for (const event of reply.events) socket.emit('event', event);
  }

  function onHallConnection(socket: HallSocket) {
    const { hallId, view } = socket.data;
    // Join first, then read: an event committed in between arrives live and the client
    // drops what its snapshot already holds (seq ≤ snapshot.seq).
    void socket.join(rooms.hall(hallId));
    const since =
      socket.nsp.name === '/display'
        ? displayAuth.safeParse(socket.handshake.auth).data?.since
        : hallStreamAuth.safeParse(socket.handshake.auth).data?.since;
    catchUp(hallId, since, view)
      .then((reply) => deliver(socket, reply))
      .catch(onError);

    socket.on('resync', (request: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (r: ResyncReply) => void;
      const parsed = resyncRequest.safeParse(request);
      if (!parsed.success) return reply({ ok: false, error: { code: 'VALIDATION', message: 'Send { since: number }' } });
      if (socket.data.resyncing) return reply({ ok: false, error: { code: 'RATE_LIMITED', message: 'A resync is already running' } });
      socket.data.resyncing = true;
      catchUp(hallId, parsed.data.since, view)
        .then(reply)
        .catch((error: unknown) => {
          onError(error);
          reply({ ok: false, error: { code: 'UNAVAILABLE', message: 'Try again' } });
        })
        .finally(() => {
          socket.data.resyncing = false;
        });
    });
  }
  display.on('connection', onHallConnection);
  staff.on('connection', onHallConnection);
  leader.on('connection', onHallConnection);

  ticket.use((socket, next) => {
    const auth = ticketAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refuse('Give the ticket as { token }'));
    admitWithin(services.tickets.visitOfToken(auth.data.token))
      .then((visit) => {
        if (!visit) return next(refuse('Ticket not found'));
        if ('expiredAt' in visit) return next(linkExpired(visit.expiredAt));
        (socket.data as { rootId: string; serviceId: string }) = visit;
        next();
      })
      .catch((error: unknown) => {
        onError(error);
        next(unavailable());
      });
  });
  ticket.on('connection', (socket) => {
    const { rootId, serviceId } = socket.data as { rootId: string; serviceId: string };
    void socket.join([rooms.visit(rootId), rooms.service(serviceId)]);
    Promise.all([services.tickets.viewOfVisit(rootId), services.tickets.queueOrder(serviceId)])
      .then(([view, order]) => {
        if (view.ok) socket.emit('ticket', view.data);
        if (order) socket.emit('queue', order);
      })
      .catch(onError);
  });

  const relay: Relay = createRelay({ display, staff, leader, ticket }, services, {
    coalesceMs: options.coalesceMs ?? 250,
    clustered: redis !== null,
    onError,
  });
  services.onCommitted(relay.onCommitted);
  const leaderMetrics = attachLeaderMetrics(leader, services, {
    clustered: redis !== null,
    refreshMs: options.leaderMetricsRefreshMs,
    onError,
  });
  services.onCommitted(leaderMetrics.onCommitted);
  services.auth.onRevoked((sessionId) => {
    staff.in(rooms.session(sessionId)).disconnectSockets(true);
    leader.in(rooms.session(sessionId)).disconnectSockets(true);
  });
  services.displayDevices.onRevoked((deviceId) => {
    display.in(rooms.device(deviceId)).disconnectSockets(true);
  });

  // A heartbeat with each hall's latest seq lets a client find out that it missed an
  // event even when nothing else happens (say the process died between commit and push).
  const heartbeat = setInterval(() => {
    const hallIds = new Set<string>();
    for (const nsp of [display, staff, leader]) {
      for (const room of nsp.adapter.rooms.keys()) if (room.startsWith('hall:')) hallIds.add(room.slice(5));
    }
    if (hallIds.size === 0) return;
    services.halls
      .latestSeqs([...hallIds])
      .then((seqs) => {
        const at = services.clock.now().toISOString();
        for (const [hallId, seq] of seqs) {
          for (const nsp of [display, staff, leader]) nsp.local.to(rooms.hall(hallId)).emit('heartbeat', { seq, at });
        }
      })
      .catch(onError);
  }, options.heartbeatMs ?? 5_000);
  heartbeat.unref();
  const ticketBeat = setInterval(ticketHeartbeat(ticket, services, onError), options.heartbeatMs ?? 5_000);
  ticketBeat.unref();

  return Promise.resolve({
    io,
    relay,
    close: async () => {
      clearInterval(heartbeat);
      clearInterval(ticketBeat);
      relay.stop();
      leaderMetrics.stop();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      if (redis) {
        // quit, not disconnect: the adapters' farewell messages are flushed first. Bounded,
        // since commands wait for a Redis that is down (maxRetriesPerRequest: null).
        const client = redis;
        await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
        client.disconnect();
      }
    },
  });
}

export type Realtime = Awaited<ReturnType<typeof createRealtime>>;
