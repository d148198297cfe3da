/**
 * One of the fan-out benchmark's two client processes: hall TVs on /display and phones on
 * /ticket, WebSocket only, each its own connection. It stamps what arrives and reports
 * it to the parent when asked; the parent joins receive times with its send times.
 */
import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import type { HallClientEvents, HallEvent, HallServerEvents, QueueOrder, Snapshot, TicketPush, TicketServerEvents } from '../../server/contracts/realtime';
import { type ClientReport, type DisplayStats, type FromClients, type QueuePushRecord, type SocketSpec, type ToClients, now } from './fanout-protocol';

if (!process.send) {
  console.error('fanout-clients: start me from scripts/bench/fanout.ts');
  process.exit(2);
}
const send = (message: FromClients) => process.send?.(message);

interface DisplayState extends DisplayStats {
  seen: Set<number>;
}

const sockets: Socket[] = [];
const displays: DisplayState[] = [];
let calledOnDisplays: Array<[string, string, number]> = [];
let queuePushes = new Map<string, QueuePushRecord>();
let calledOnPhones: Array<[string, string, number]> = [];
let disconnects = 0;
let closing = false;

function options(spec: SocketSpec, localAddress: string): Partial<ManagerOptions & SocketOptions> {
  const opts = {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 120_000,
    auth: spec.kind === 'display' ? { hall: spec.hall } : { token: spec.token },
    // Spread over 127.0.0.x so 20,000 connections never run out of ephemeral ports.
    localAddress,
  };
  return opts;
}

function openDisplay(spec: Extract<SocketSpec, { kind: 'display' }>, address: string): Socket {
  const state: DisplayState = {
    hallId: spec.hallId,
    snapshotSeq: null,
    baseSeq: 0,
    received: 0,
    distinct: 0,
    outOfOrder: 0,
    maxSeq: 0,
    seen: new Set(),
  };
  displays.push(state);
  const socket: Socket<HallServerEvents, HallClientEvents> = io(`${url}/display`, options(spec, address));
  socket.on('snapshot', (snap: Snapshot) => {
    state.snapshotSeq ??= snap.seq;
    state.maxSeq = Math.max(state.maxSeq, snap.seq);
  });
  socket.on('event', (event: HallEvent) => {
    const t = now();
    state.received += 1;
    if (event.seq <= state.maxSeq) state.outOfOrder += 1;
    state.maxSeq = Math.max(state.maxSeq, event.seq);
    state.seen.add(event.seq);
    if (event.type === 'ticket.called' && typeof event.data.number === 'string') {
      calledOnDisplays.push([spec.hallId, event.data.number, t]);
    }
  });
  return socket;
}

function openTicket(spec: Extract<SocketSpec, { kind: 'ticket' }>, address: string): Socket {
  const socket: Socket<TicketServerEvents, Record<string, never>> = io(`${url}/ticket`, options(spec, address));
  let called = false;
  socket.on('queue', (queue: QueueOrder) => {
    const t = now();
    const key = `${queue.serviceId}|${queue.at}`;
    let record = queuePushes.get(key);
    if (!record) {
      record = { serviceId: queue.serviceId, at: queue.at, order: queue.order, times: [] };
      queuePushes.set(key, record);
    }
    record.times.push(t);
  });
  socket.on('ticket', (view: TicketPush) => {
    if (view.status !== 'called' || called) return;
    called = true;
    calledOnPhones.push([view.hall.id, view.number, now()]);
  });
  return socket;
}

let url = '';

async function connectAll(message: Extract<ToClients, { type: 'connect' }>) {
  url = message.url;
  const started = now();
  let connected = 0;
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  // At most `inFlight` handshakes pending at once: the server's middleware reads the
  // database per socket, and an unbounded burst would only time out.
  await new Promise<void>((resolve) => {
    let pending = 0;
    const pump = () => {
      while (pending < message.inFlight && next < message.sockets.length) {
        const index = next;
        const spec = message.sockets[index];
        next += 1;
        if (!spec) continue;
        const address = `127.0.0.${2 + ((message.firstAddress + index) % 200)}`;
        const socket = spec.kind === 'display' ? openDisplay(spec, address) : openTicket(spec, address);
        sockets.push(socket);
        pending += 1;
        let settled = false;
        const settle = (ok: boolean, error?: Error) => {
          if (settled) return;
          settled = true;
          pending -= 1;
          if (ok) connected += 1;
          else {
            failed += 1;
            firstError ??= error?.message ?? 'failed';
          }
          if (connected + failed === message.sockets.length) resolve();
          else pump();
        };
        socket.once('connect', () => settle(true));
        socket.once('connect_error', (error: Error) => settle(false, error));
        socket.on('disconnect', () => {
          if (!closing) disconnects += 1;
        });
      }
    };
    if (message.sockets.length === 0) resolve();
    else pump();
  });
  send({ type: 'ready', connected, failed, firstError, ms: now() - started });
}

function report(): ClientReport {
  return {
    type: 'report',
    displays: displays.map(({ seen, ...stats }) => ({ ...stats, distinct: seen.size })),
    calledOnDisplays,
    queuePushes: [...queuePushes.values()],
    calledOnPhones,
    disconnects,
  };
}

process.on('message', (message: ToClients) => {
  switch (message.type) {
    case 'connect':
      void connectAll(message);
      break;
    case 'reset':
      // From here on each display must see every seq after the last one it holds.
      for (const d of displays) {
        d.baseSeq = d.maxSeq;
        d.received = 0;
        d.outOfOrder = 0;
        d.seen.clear();
      }
      calledOnDisplays = [];
      queuePushes = new Map();
      calledOnPhones = [];
      break;
    case 'report':
      send(report());
      break;
    case 'close':
      closing = true;
      for (const socket of sockets) socket.disconnect();
      setTimeout(() => process.exit(0), 200);
      break;
  }
});
