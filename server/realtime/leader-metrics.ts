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
  refreshMs?: number | undefined;
  /** True when other processes share the rooms (Redis adapter). */
  clustered: boolean;
  onError: (error: unknown) => void;
}

type LeaderSocket = Socket<LeaderClientEvents, LeaderServerEvents>;

/** Between the processes of a deployment: halls whose figures changed by a commit elsewhere. */
const dirtyEvent = 'metrics:dirty';
type ServerSide = Namespace<Record<string, never>, Record<string, never>, { [dirtyEvent]: (hallIds: string[]) => void }>;

/**
 * The leaders' screens on /leader: a socket asks to watch some halls (`metrics:watch`),
 * each checked against what its session may see, and joins one room per hall. After any
 * committed event of a watched hall, its figures are computed once — coalesced to at most
 * one computation a second per hall — and pushed to the room: no per-watcher work. With
 * several processes, each computes for its own watchers, told of other processes' commits
 * by a server-side message.
 */
export function attachLeaderMetrics(leader: Namespace, services: Services, options: LeaderMetricsOptions) {
  const minInterval = options.minIntervalMs ?? 1_000;
  const lastRun = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  let running = true;

  /** Watchers on this process only: each process computes for its own watchers. */
  const watched = (hallId: string) => (leader.adapter.rooms.get(rooms.metrics(hallId))?.size ?? 0) > 0;

  async function push(hallId: string) {
    lastRun.set(hallId, Date.now());
    if (!watched(hallId)) return;
    const metrics = await services.liveMetrics.ofHallId(hallId);
    if (!metrics || !running) return;
    leader.local.to(rooms.metrics(hallId)).emit('metrics', metrics);
  }

  function schedule(hallId: string) {
    if (!running || timers.has(hallId)) return;
    const wait = Math.max(0, (lastRun.get(hallId) ?? 0) + minInterval - Date.now());
    timers.set(
      hallId,
      setTimeout(() => {
        timers.delete(hallId);
        push(hallId).catch(options.onError);
      }, wait),
    );
  }

  function dirty(hallIds: Iterable<string>) {
    for (const hallId of hallIds) if (watched(hallId)) schedule(hallId);
  }

  function onCommitted(events: CommittedEvent[]) {
    const hallIds = [...new Set(events.map((e) => e.hallId))];
    dirty(hallIds);
    // Other processes have watchers of their own and never see this commit: tell them.
    if (options.clustered) (leader as ServerSide).serverSideEmit(dirtyEvent, hallIds);
  }

  if (options.clustered) {
    (leader as ServerSide).on(dirtyEvent, (hallIds: unknown) => {
      if (Array.isArray(hallIds)) dirty(hallIds.filter((h): h is string => typeof h === 'string'));
    });
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
      if (Date.now() - (lastRun.get(hallId) ?? 0) >= minInterval) push(hallId).catch(options.onError);
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
