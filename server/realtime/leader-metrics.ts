import type { Namespace, Socket } from 'socket.io';
import { type LeaderClientEvents, type LeaderServerEvents, type MetricsWatchReply, metricsWatch } from '../contracts/leader-live';
import { readCookie, sessionCookie } from '../http/router';
import type { Services } from '../services';
import type { CommittedEvent } from '../services/events';
import { rooms } from './rooms';

export interface LeaderMetricsOptions {
  /** A hall's figures are recomputed at most once per this many ms (1 s), whatever the traffic. */
  minIntervalMs?: number;
  /** And at least this often while someone watches, so durations and time-based flags move on. */
  refreshMs?: number;
  /** True when other processes share the rooms (Redis adapter). */
  clustered: boolean;
  onError: (error: unknown) => void;
}

type LeaderSocket = Socket<LeaderClientEvents, LeaderServerEvents>;

/**
 * The leaders' screens on /leader: a socket asks to watch some halls (`metrics:watch`),
 * each checked against what its session may see, and joins one room per hall. After any
 * committed event of a watched hall, its figures are computed once — coalesced to at most
 * one computation a second per hall — and pushed to the room: no per-watcher work.
 */
export function attachLeaderMetrics(leader: Namespace, services: Services, options: LeaderMetricsOptions) {
  const minInterval = options.minIntervalMs ?? 1_000;
  const lastRun = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  let running = true;

  const watched = (hallId: string) => options.clustered || (leader.adapter.rooms.get(rooms.metrics(hallId))?.size ?? 0) > 0;

  async function push(hallId: string, localOnly: boolean) {
    lastRun.set(hallId, Date.now());
    const metrics = await services.liveMetrics.ofHallId(hallId);
    if (!metrics || !running) return;
    // A commit here is pushed through the adapter to every process's watchers; a timed
    // refresh is local, since each process refreshes its own rooms.
    const target = localOnly ? leader.local.to(rooms.metrics(hallId)) : leader.to(rooms.metrics(hallId));
    target.emit('metrics', metrics);
  }

  function schedule(hallId: string) {
    if (!running || timers.has(hallId)) return;
    const wait = Math.max(0, (lastRun.get(hallId) ?? 0) + minInterval - Date.now());
    timers.set(
      hallId,
      setTimeout(() => {
        timers.delete(hallId);
        push(hallId, false).catch(options.onError);
      }, wait),
    );
  }

  function onCommitted(events: CommittedEvent[]) {
    for (const hallId of new Set(events.map((e) => e.hallId))) if (watched(hallId)) schedule(hallId);
  }

  async function watch(socket: LeaderSocket, request: unknown): Promise<MetricsWatchReply> {
    const parsed = metricsWatch.safeParse(request);
    if (!parsed.success) return { ok: false, error: { code: 'VALIDATION', message: 'Send { halls: [hall slug or id, …] }' } };
    const actor = await services.auth.authenticate(readCookie(socket.request.headers.cookie, sessionCookie));
    if (!actor) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in first' } };
    const halls = [];
    for (const ref of new Set(parsed.data.halls)) {
      const hall = await services.liveMetrics.authorise(actor, ref);
      if (!hall.ok) return { ok: false, error: hall.error };
      halls.push(hall.data);
    }
    await socket.join(halls.map((h) => rooms.metrics(h.id)));
    for (const hall of halls) {
      const metrics = await services.liveMetrics.ofHallId(hall.id);
      if (metrics) socket.emit('metrics', metrics);
    }
    return { ok: true, halls: halls.map((h) => h.slug) };
  }

  leader.on('connection', (socket: LeaderSocket) => {
    socket.on('metrics:watch', (request: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (r: MetricsWatchReply) => void;
      watch(socket, request)
        .then(reply)
        .catch((error: unknown) => {
          options.onError(error);
          reply({ ok: false, error: { code: 'UNAVAILABLE', message: 'Try again' } });
        });
    });
  });

  const refresh = setInterval(() => {
    for (const room of leader.adapter.rooms.keys()) {
      if (!room.startsWith('metrics:')) continue;
      const hallId = room.slice('metrics:'.length);
      if (Date.now() - (lastRun.get(hallId) ?? 0) >= minInterval) push(hallId, true).catch(options.onError);
    }
  }, options.refreshMs ?? 15_000);
  refresh.unref();

  return {
    onCommitted: (events: CommittedEvent[]) => {
      if (running) onCommitted(events);
    },
    stop: () => {
      running = false;
      clearInterval(refresh);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
