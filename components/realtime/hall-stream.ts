import type { Socket } from 'socket.io-client';
import type {
  Counts,
  HallClientEvents,
  HallEvent,
  HallServerEvents,
  ResyncReply,
  Snapshot,
} from '@/server/contracts/realtime';

export type ConnectionState = 'connecting' | 'live' | 'resyncing' | 'reconnecting';

export interface HallStreamOptions<S> {
  fromSnapshot: (snapshot: Snapshot) => S;
  apply: (state: S, event: HallEvent) => S;
  applyCounts?: (state: S, counts: Counts) => S;
  onChange: (state: S, seq: number) => void;
  /** Each event once, in seq order, as it is applied. */
  onEvent?: (event: HallEvent) => void;
  onConnection?: (state: ConnectionState) => void;
  /** How long an out-of-order event waits for the missing ones before a resync. */
  gapWaitMs?: number;
}

export type HallSocket = Socket<HallServerEvents, HallClientEvents>;

/**
 * Applies a hall's events exactly once and in seq order, whatever the network does:
 * events before the first snapshot and out-of-order events are buffered; a gap that
 * does not fill (or a heartbeat ahead of us) triggers a resync from the last applied
 * seq; a reconnect sends that seq in the handshake so the server sends what was missed.
 */
export class HallStream<S> {
  private state: S | null = null;
  private seq = -1;
  private latestKnown = -1;
  private readonly buffer = new Map<number, HallEvent>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncing = false;
  private connection: ConnectionState = 'connecting';

  constructor(
    private readonly socket: HallSocket,
    private readonly options: HallStreamOptions<S>,
  ) {
    socket.on('snapshot', (snapshot) => this.onSnapshot(snapshot));
    socket.on('event', (event) => this.onEvent(event));
    socket.on('counts', (counts) => this.onCounts(counts));
    socket.on('heartbeat', ({ seq }) => this.onHeartbeat(seq));
    socket.on('connect', () => this.setConnection('live'));
    socket.on('disconnect', () => this.setConnection('reconnecting'));
    socket.on('connect_error', () => this.setConnection(this.seq < 0 ? 'connecting' : 'reconnecting'));
    socket.io.on('reconnect_attempt', () => this.setConnection('reconnecting'));
  }

  /** The seq to send as `since` when (re)connecting; undefined before the first state. */
  get since(): number | undefined {
    return this.seq >= 0 ? this.seq : undefined;
  }

  get appliedSeq(): number {
    return this.seq;
  }

  /** Starts from a state the page already has (server-rendered) at a known seq. */
  seed(snapshot: Snapshot) {
    if (this.seq >= snapshot.seq) return;
    this.onSnapshot(snapshot);
  }

  close() {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.socket.removeAllListeners();
    this.socket.close();
  }

  private setConnection(state: ConnectionState) {
    if (this.connection === state) return;
    this.connection = state;
    this.options.onConnection?.(state);
  }

  private onSnapshot(snapshot: Snapshot) {
    if (snapshot.seq < this.seq) return;
    this.state = this.options.fromSnapshot(snapshot);
    this.seq = snapshot.seq;
    this.latestKnown = Math.max(this.latestKnown, snapshot.seq);
    this.drain();
  }

  private onEvent(event: HallEvent) {
    this.latestKnown = Math.max(this.latestKnown, event.seq);
    if (this.seq >= 0 && event.seq <= this.seq) return;
    this.buffer.set(event.seq, event);
    if (this.state !== null) this.drain();
  }

  private onCounts(counts: Counts) {
    // Counts describe the hall at their seq: applied only when we stand exactly there,
    // so an event applied later is never counted twice.
    if (this.state === null || !this.options.applyCounts || counts.seq !== this.seq) return;
    this.state = this.options.applyCounts(this.state, counts);
    this.options.onChange(this.state, this.seq);
  }

  private onHeartbeat(seq: number) {
    this.latestKnown = Math.max(this.latestKnown, seq);
    if (seq > this.seq) this.scheduleGapCheck();
  }

  private drain() {
    if (this.state === null) return;
    let state: S = this.state;
    for (const key of this.buffer.keys()) if (key <= this.seq) this.buffer.delete(key);
    let next = this.buffer.get(this.seq + 1);
    while (next) {
      this.buffer.delete(next.seq);
      state = this.options.apply(state, next);
      this.seq = next.seq;
      this.options.onEvent?.(next);
      next = this.buffer.get(this.seq + 1);
    }
    this.state = state;
    this.options.onChange(state, this.seq);
    if (this.buffer.size > 0 || this.latestKnown > this.seq) this.scheduleGapCheck();
  }

  private scheduleGapCheck() {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.buffer.size > 0 || this.latestKnown > this.seq) this.resync();
    }, this.options.gapWaitMs ?? 1_000);
  }

  private resync() {
    if (this.resyncing || !this.socket.connected || this.seq < 0) return;
    this.resyncing = true;
    this.setConnection('resyncing');
    this.socket.timeout(5_000).emit('resync', { since: this.seq }, (error: Error | null, reply?: ResyncReply) => {
      this.resyncing = false;
      if (this.socket.connected) this.setConnection('live');
      if (error || !reply?.ok) {
        this.scheduleGapCheck();
        return;
      }
      if ('snapshot' in reply) this.onSnapshot(reply.snapshot);
      else for (const event of reply.events) this.onEvent(event);
    });
  }
}
