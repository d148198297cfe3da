import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import { reconnectOptions, refusedRetryMs } from '../../components/realtime/reconnect';
import { type HallSocket, HallStream } from '../../components/realtime/hall-stream';
import { type LiveTicket, behindBeat, leftQueue } from '../../components/ticket-page/ticket-rules';
import type { TicketSocket } from '../../tests/support/realtime-client';
import type { HallboardProcess } from './apps';

/**
 * The screens of the chaos run: hall TVs on /display and phones on /ticket, connected to
 * both processes the way the pages connect (the TV's HallStream itself; the phone page's rules
 * from ticket-rules.ts, so a push lost in a crash is noticed the way a phone notices it).
 * Each records what it shows and when, and whether it is connected; the checks compare that
 * with the database afterwards.
 */

export interface Sample {
  at: number;
  /** TV: the hall seq shown. Phone: the version of its ticket shown. */
  value: number;
  status?: string;
}

export interface ScreenRecord {
  kind: 'tv' | 'phone';
  process: string;
  ticketId?: string;
  openedAt: number;
  closedAt?: number;
  samples: Sample[];
  /** Connection changes: true = connected. */
  links: Array<{ at: number; up: boolean }>;
}

const socketOptions: Partial<ManagerOptions & SocketOptions> = { transports: ['websocket'], forceNew: true, ...reconnectOptions, timeout: 5_000 };

/** As the pages do (use-hall.ts, the ticket island): a refused handshake is tried again. */
function retryRefused(socket: Pick<Socket, "on" | "active" | "connect">, otherwise: number | null): void {
  let retry: ReturnType<typeof setTimeout> | null = null;
  socket.on("connect_error", (error: Error) => {
    if (socket.active || retry) return;
    const ms = refusedRetryMs(error, otherwise);
    if (ms === null) return;
    retry = setTimeout(() => {
      retry = null;
      socket.connect();
    }, ms);
  });
}

export function openTv(app: HallboardProcess, hall: string): { record: ScreenRecord; close: () => void } {
  const record: ScreenRecord = { kind: 'tv', process: app.name, openedAt: performance.now(), samples: [], links: [] };
  let stream: HallStream<number> | null = null;
  const socket = io(`${app.url}/display`, {
    ...socketOptions,
    auth: (cb: (data: object) => void) => cb({ hall, ...(stream?.since !== undefined ? { since: stream.since } : {}) }),
  }) as HallSocket;
  stream = new HallStream<number>(socket, {
    fromSnapshot: (snapshot) => snapshot.seq,
    apply: (_state, event) => event.seq,
    onChange: (_state, seq) => {
      const last = record.samples.at(-1);
      if (!last || last.value !== seq) record.samples.push({ at: performance.now(), value: seq });
    },
  });
  socket.on('connect', () => record.links.push({ at: performance.now(), up: true }));
  socket.on('disconnect', () => record.links.push({ at: performance.now(), up: false }));
  retryRefused(socket, 10_000);
  const s = stream;
  return {
    record,
    close: () => {
      record.closedAt = performance.now();
      s.close();
    },
  };
}

export function openPhone(app: HallboardProcess, ticketId: string, token: string): { record: ScreenRecord; close: () => void } {
  const record: ScreenRecord = { kind: 'phone', process: app.name, ticketId, openedAt: performance.now(), samples: [], links: [] };
  let ticket: LiveTicket | null = null;
  const show = (next: LiveTicket) => {
    ticket = next;
    const version = next.version ?? -1;
    const last = record.samples.at(-1);
    if (!last || last.value !== version || last.status !== next.status) record.samples.push({ at: performance.now(), value: version, status: next.status });
  };
  let rereading = false;
  const reread = async () => {
    if (rereading) return;
    rereading = true;
    try {
      const res = await fetch(`${app.url}/api/v1/tickets/${token}`, { signal: AbortSignal.timeout(3_000) });
      const body = (await res.json()) as { ticket?: LiveTicket };
      if (res.ok && body.ticket) show(body.ticket);
    } catch {
      // The next heartbeat asks again, as the page does.
    }
    rereading = false;
  };
  const socket = io(`${app.url}/ticket`, { ...socketOptions, auth: (cb: (data: object) => void) => cb({ token }) }) as TicketSocket;
  socket.on('ticket', (view) => show(view as LiveTicket));
  socket.on('queue', (order) => {
    if (ticket && leftQueue(ticket, order)) void reread();
  });
  socket.on('heartbeat', (beat) => {
    if (ticket && behindBeat(ticket, beat)) void reread();
  });
  socket.on('connect', () => record.links.push({ at: performance.now(), up: true }));
  socket.on('disconnect', () => record.links.push({ at: performance.now(), up: false }));
  retryRefused(socket, null);
  return {
    record,
    close: () => {
      record.closedAt = performance.now();
      socket.removeAllListeners();
      socket.close();
    },
  };
}

/**
 * Keeps `perProcess` phones open on each process, each on a ticket the load took; a phone
 * whose ticket ended is closed `lingerMs` after and replaced by one on a newer ticket, so the
 * phones watched are mostly on tickets that still move.
 */
export class Screens {
  readonly records: ScreenRecord[] = [];
  private readonly closers: Array<() => void> = [];
  private readonly phones = new Map<string, { app: HallboardProcess; close: () => void; record: ScreenRecord; endedAt?: number }>();
  private readonly pending: Array<{ id: string; token: string }> = [];

  constructor(
    private readonly apps: HallboardProcess[],
    private readonly hall: string,
    private readonly perProcess: number,
    private readonly lingerMs: number,
  ) {}

  openTvs(perProcess: number): void {
    for (const app of this.apps) {
      for (let i = 0; i < perProcess; i += 1) {
        const tv = openTv(app, this.hall);
        this.records.push(tv.record);
        this.closers.push(tv.close);
      }
    }
  }

  /** A ticket the load took: watched by a phone when a process has room for one. */
  offer(ticket: { id: string; token: string }): void {
    this.pending.push(ticket);
    if (this.pending.length > 50) this.pending.shift();
    this.fill();
  }

  /** A ticket the load completed: its phone goes after `lingerMs`. */
  ended(ticketId: string, at: number): void {
    const phone = this.phones.get(ticketId);
    if (phone && phone.endedAt === undefined) phone.endedAt = at;
  }

  /** Closes phones whose ticket ended long enough ago, and opens new ones. */
  tick(now: number, hold: boolean): void {
    if (!hold) {
      for (const [id, phone] of this.phones) {
        if (phone.endedAt !== undefined && now - phone.endedAt > this.lingerMs) {
          phone.close();
          this.phones.delete(id);
        }
      }
    }
    this.fill();
  }

  private fill(): void {
    for (const app of this.apps) {
      let open = [...this.phones.values()].filter((p) => p.app === app).length;
      while (open < this.perProcess && this.pending.length > 0) {
        const next = this.pending.pop() as { id: string; token: string };
        const phone = openPhone(app, next.id, next.token);
        this.records.push(phone.record);
        this.phones.set(next.id, { app, close: phone.close, record: phone.record });
        open += 1;
      }
    }
  }

  closeAll(): void {
    for (const close of this.closers) close();
    for (const phone of this.phones.values()) phone.close();
    this.phones.clear();
  }
}
