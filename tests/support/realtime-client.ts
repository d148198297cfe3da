import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import { applyCounts, applyHallEvent } from '../../components/realtime/hall-state';
import { type HallSocket, HallStream } from '../../components/realtime/hall-stream';
import type {
  HallClientEvents,
  HallEvent,
  HallServerEvents,
  ResyncReply,
  Snapshot,
  TicketClientEvents,
  TicketServerEvents,
} from '../../server/contracts/realtime';
import type { Services } from '../../server/services';
import { unwrap } from './results';

export type DisplaySocket = Socket<HallServerEvents, HallClientEvents>;
export type TicketSocket = Socket<TicketServerEvents, TicketClientEvents>;
export type Namespace = '/display' | '/ticket' | '/staff' | '/leader';

/** Generous: the suite runs two files at a time on two cores. */
export const waitMs = 15_000;

export interface OpenOptions {
  auth?: Record<string, unknown> | ((cb: (data: object) => void) => void);
  /** A session cookie (`hb_session=…`), sent in the WebSocket handshake as a browser would. */
  cookie?: string;
  /** Share the engine connection with other sockets of the same URL (one ordered pipe). */
  multiplex?: boolean;
  reconnection?: boolean;
}

/** A Socket.IO client over WebSocket only, as the hall TVs and phones connect. */
export function openSocket<S extends Socket = Socket>(url: string, namespace: string, options: OpenOptions = {}): S {
  const opts: Partial<ManagerOptions & SocketOptions> = {
    transports: ['websocket'],
    forceNew: !options.multiplex,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    timeout: waitMs,
  };
  if (options.auth !== undefined) opts.auth = options.auth;
  if (options.cookie !== undefined) opts.extraHeaders = { cookie: options.cookie };
  return io(`${url}${namespace}`, opts) as S;
}

type AnySocket = Pick<Socket, 'on' | 'off'>;

/** The next `event` on the socket (matching `filter`), or a failure after `timeoutMs`. */
export function nextEvent<T>(
  socket: AnySocket,
  event: string,
  filter: (value: T) => boolean = () => true,
  timeoutMs = waitMs,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handler = (value: T) => {
      if (!filter(value)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(value);
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler);
  });
}

/** Every `event` the socket receives from now on, in arrival order. */
export function collect<T>(socket: AnySocket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (value: T) => received.push(value));
  return received;
}

/** Resolves once connected; fails on connect_error. */
export function connected(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not connected in time')), waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(new Error(`connect_error: ${error.message}`));
    });
  });
}

export type ConnectRefusal = Error & { data?: { code?: string } };

/** Resolves with the connect_error; fails when the server lets the socket in. */
export function refused(socket: Socket): Promise<ConnectRefusal> {
  return new Promise<ConnectRefusal>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither connected nor refused in time')), waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('the server accepted the connection'));
    });
    socket.once('connect_error', (error: ConnectRefusal) => {
      clearTimeout(timer);
      resolve(error);
    });
  });
}

/** Sends `resync` (anything, valid or not) and waits for the server's answer. */
export async function resync(socket: Pick<Socket, 'timeout'>, request: unknown): Promise<ResyncReply> {
  const reply: unknown = await socket.timeout(waitMs).emitWithAck('resync', request);
  return reply as ResyncReply;
}

/** What the hall's screens should show right now, read from the database. */
export async function freshSnapshot(services: Services, hallId: string): Promise<Snapshot> {
  return unwrap(await services.halls.snapshot(hallId));
}

export interface StreamProbe {
  socket: HallSocket;
  stream: HallStream<Snapshot>;
  /** The state the screen shows (null before the first snapshot). */
  state: () => Snapshot | null;
  /** Every event as HallStream applied it: each once, in seq order. */
  applied: HallEvent[];
  /** Every snapshot the server pushed (not resync replies). */
  snapshots: Snapshot[];
  /** Every `event` push as it arrived on the wire, before HallStream's ordering. */
  pushed: HallEvent[];
  close: () => void;
}

/**
 * A hall screen as the browser runs it: HallStream with applyHallEvent over /display,
 * sending its last applied seq as `since` on every (re)connect through an auth function.
 */
export function openHallStream(
  url: string,
  hall: string,
  options: { gapWaitMs?: number; reconnection?: boolean } = {},
): StreamProbe {
  let stream: HallStream<Snapshot> | null = null;
  const socket = openSocket<HallSocket>(url, '/display', {
    auth: (cb) => cb(stream?.since === undefined ? { hall } : { hall, since: stream.since }),
    reconnection: options.reconnection ?? false,
  });
  const snapshots = collect<Snapshot>(socket, 'snapshot');
  const pushed = collect<HallEvent>(socket, 'event');
  const applied: HallEvent[] = [];
  let state: Snapshot | null = null;
  const created: HallStream<Snapshot> = new HallStream<Snapshot>(socket, {
    fromSnapshot: (s) => s,
    apply: applyHallEvent,
    applyCounts,
    onChange: (s) => {
      state = s;
    },
    onEvent: (e) => applied.push(e),
    gapWaitMs: options.gapWaitMs ?? 200,
  });
  stream = created;
  return {
    socket,
    stream: created,
    state: () => state,
    applied,
    snapshots,
    pushed,
    close: () => created.close(),
  };
}

/**
 * Lets timers and sockets run, as between two requests arriving over the network. Calling
 * services directly on PGlite otherwise never leaves the microtask queue: a burst of
 * hundreds of commands would starve the event loop until Socket.IO's ping timeout drops
 * every connection (the in-process database runs on the same thread).
 */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `count` tasks with at most `width` at a time, each started as a request would be. */
export async function inBatches<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, async (_, j) => {
      await tick();
      return task(start + j);
    });
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** 1, 2, …, n. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
