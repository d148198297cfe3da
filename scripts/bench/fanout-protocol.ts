/**
 * Messages between the fan-out benchmark's processes (scripts/bench/fanout.ts): the parent
 * orchestrates and drives the counters, one child runs the server, two children hold the
 * client sockets. Every process stamps times with `now()`, one wall clock on one machine.
 */

export const now = (): number => performance.timeOrigin + performance.now();

// ---- parent ⇄ server child ----

export type ToServer =
  | { type: 'heap' }
  | { type: 'load-start' }
  | { type: 'load-stop' }
  | { type: 'stop' };

export interface HeapReading {
  type: 'heap';
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

export interface LoadReading {
  type: 'load';
  /** Event-loop delay over the load window (monitorEventLoopDelay, 10 ms resolution), ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  /** Event-loop utilisation over the window, 0–1. */
  elu: number;
  /** CPU time of the server process over the window, as a share of one core. */
  cpu: number;
  errors: number;
  /** Statements sent to PostgreSQL during the window, and the most frequent ones (text, count). */
  statements: number;
  topStatements: Array<[string, number]>;
}

export type FromServer = { type: 'ready'; url: string } | HeapReading | LoadReading;

// ---- parent ⇄ client children ----

export type SocketSpec =
  | { kind: 'display'; hall: string; hallId: string }
  | { kind: 'ticket'; token: string; hallId: string };

export type ToClients =
  | { type: 'connect'; url: string; sockets: SocketSpec[]; firstAddress: number; inFlight: number }
  /** Forget what arrived so far (initial snapshots and queue pushes): the load starts. */
  | { type: 'reset' }
  | { type: 'report' }
  | { type: 'close' };

export interface DisplayStats {
  hallId: string;
  /** Seq of the snapshot received on connect (null: none arrived). */
  snapshotSeq: number | null;
  /** The seq it held when the load started: it must then receive every seq above it. */
  baseSeq: number;
  /** Events received during the load, all types. */
  received: number;
  distinct: number;
  /** Events whose seq was not above the previous one (out of order or repeated). */
  outOfOrder: number;
  maxSeq: number;
}

/** One queue push as the phones of one service room received it. */
export interface QueuePushRecord {
  serviceId: string;
  at: string;
  order: string[];
  times: number[];
}

export interface ClientReport {
  type: 'report';
  displays: DisplayStats[];
  /** ticket.called events on displays: hallId, number, receive time. */
  calledOnDisplays: Array<[string, string, number]>;
  queuePushes: QueuePushRecord[];
  /** `ticket` pushes with status called on the called phone: hallId, number, receive time. */
  calledOnPhones: Array<[string, string, number]>;
  disconnects: number;
}

export type FromClients =
  | { type: 'ready'; connected: number; failed: number; firstError: string | null; ms: number }
  | ClientReport;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
