/**
 * `npm run bench:fanout`: the real-time fan-out of a district, measured end to end.
 *
 * A fresh PostgreSQL database holds H halls (services, counters, staff) and a waiting
 * ticket for every phone. A child process runs the server (HTTP API + Socket.IO, as
 * tests/support/realtime-server.ts starts it); two child processes hold N sockets, a few
 * hall TVs per hall on /display and phones on /ticket, each phone with its own ticket.
 * This process logs the counters' staff in and calls at a steady rate with bursts over
 * HTTP (call-next, then start and complete to free the counter), stamping each call when it sends
 * it; the clients stamp what arrives, and the two are joined here (one clock: same box).
 * Then the same-box floor (../shared/bench/fanout-anchor.mjs, bare Socket.IO, same
 * shape) runs, and the figures, the floor and their ratio go to BENCHMARKS.md.
 *
 *   npm run bench:fanout                          5,000 sockets, 50 halls, 25 calls/s, 30 s
 *   npm run bench:fanout -- --sockets 10000       (env SOCKETS=10000 works too)
 *   npm run bench:fanout -- --sockets 5000,10000  several sizes in one run
 *   npm run bench:fanout -- --help
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client';
import { dailyCounters, halls as hallTable, tickets } from '../../db/schema';
import { localTime } from '../../server/domain/hall-time';
import { formatTicketNumber } from '../../server/domain/numbering';
import { adminUrl, openTestDb } from '../../tests/support/db';
import { type HallFixture, createHallFixture, fixturePassword } from '../../tests/support/hall-fixture';
import { login } from '../../tests/support/server';
import {
  type ClientReport,
  type FromClients,
  type FromServer,
  type HeapReading,
  type LoadReading,
  type SocketSpec,
  type ToClients,
  type ToServer,
  now,
  percentile,
} from './fanout-protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.join(root, 'scripts/bench');

// ---------------------------------------------------------------- parameters

const { values: flags } = parseArgs({
  options: {
    sockets: { type: 'string' },
    halls: { type: 'string' },
    displays: { type: 'string' },
    services: { type: 'string' },
    counters: { type: 'string' },
    rate: { type: 'string' },
    secs: { type: 'string' },
    burst: { type: 'string' },
    'burst-every': { type: 'string' },
    'hold-ms': { type: 'string' },
    warmup: { type: 'string' },
    'coalesce-ms': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
    pool: { type: 'string' },
    floor: { type: 'string' },
    anchor: { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean' },
    'wait-idle': { type: 'string' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean' },
  },
});

const help = `npm run bench:fanout -- [flags]          (each flag also reads the env var shown)
  --sockets N[,N…]   sockets, TVs and phones together   SOCKETS       5000
  --halls H          halls in the district              HALLS         50
  --displays D       /display sockets per hall          DISPLAYS      5
  --services S       services per hall                  SERVICES      3
  --counters C       counters per hall                  COUNTERS      6
  --rate R           calls a second, whole district     RATE          25
  --secs T           seconds of load                    SECS          30
  --burst B          extra calls fired at once …        BURST         10
  --burst-every E    … every E seconds                  BURST_EVERY   10
  --hold-ms M        call → start+complete delay        HOLD_MS       1000
  --warmup W         seconds of calls before measuring  WARMUP        3
  --coalesce-ms      relay coalescing                   COALESCE_MS   250
  --heartbeat-ms     heartbeat interval                 HEARTBEAT_MS  5000
  --pool P           server's database pool             POOL          20
  --floor sio[,ws]|none  same-box floor(s) to run       FLOOR         sio
  --out FILE         results file                       BENCH_OUT     BENCHMARKS.md
  --no-write         print only
  --wait-idle S      before the load and before the floor, wait up to S s for
                     other processes to leave the box idle           WAIT_IDLE     0
  --cpu-prof DIR     CPU-profile the server process over the load window into DIR
                     (starting the profiler stalls the server ~0.3 s: the first calls show it)
  BENCH_DUMP=FILE    also write every call's times, the statements and table scans to FILE`;
if (flags.help) {
  console.log(help);
  process.exit(0);
}

function num(flag: string | undefined, env: string, fallback: number): number {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${env}: not a number: ${raw}`);
  return n;
}

const params = {
  sizes: (flags.sockets ?? process.env.SOCKETS ?? '5000').split(',').map((s) => Math.round(Number(s))),
  halls: num(flags.halls, 'HALLS', 50),
  displaysPerHall: num(flags.displays, 'DISPLAYS', 5),
  servicesPerHall: Math.min(26, Math.max(1, num(flags.services, 'SERVICES', 3))),
  countersPerHall: Math.max(1, num(flags.counters, 'COUNTERS', 6)),
  rate: num(flags.rate, 'RATE', 25),
  secs: num(flags.secs, 'SECS', 30),
  burst: num(flags.burst, 'BURST', 10),
  burstEvery: num(flags['burst-every'], 'BURST_EVERY', 10),
  holdMs: num(flags['hold-ms'], 'HOLD_MS', 1000),
  warmup: num(flags.warmup, 'WARMUP', 3),
  coalesceMs: num(flags['coalesce-ms'], 'COALESCE_MS', 250),
  heartbeatMs: num(flags['heartbeat-ms'], 'HEARTBEAT_MS', 5000),
  pool: num(flags.pool, 'POOL', 20),
  floors: (flags.floor ?? process.env.FLOOR ?? 'sio').split(',').filter((f) => f === 'sio' || f === 'ws'),
  anchor: path.resolve(root, flags.anchor ?? process.env.ANCHOR ?? '../shared/bench/fanout-anchor.mjs'),
  out: path.resolve(root, flags.out ?? process.env.BENCH_OUT ?? 'BENCHMARKS.md'),
  write: !flags['no-write'],
  waitIdle: num(flags['wait-idle'], 'WAIT_IDLE', 0),
  cpuProf: flags['cpu-prof'],
};
for (const n of params.sizes) {
  if (!Number.isInteger(n) || n < params.halls * params.displaysPerHall || n % 2 !== 0) {
    throw new Error(`--sockets ${n}: an even number, at least halls × displays (${params.halls * params.displaysPerHall})`);
  }
}

const log = (...args: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

// ---------------------------------------------------------------- child processes

function waitMessage<T>(child: ChildProcess, pick: (m: unknown) => T | undefined, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const onMessage = (m: unknown) => {
      const value = pick(m);
      if (value !== undefined) done(null, value);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) while waiting for ${what}`));
    function done(error: Error | null, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

const ofType =
  <K extends string>(type: K) =>
  <M extends { type: string }>(m: unknown): Extract<M, { type: K }> | undefined =>
    typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type ? (m as Extract<M, { type: K }>) : undefined;

function startServer(url: string): ChildProcess {
  const args = [url, String(params.pool), String(params.coalesceMs), String(params.heartbeatMs)];
  if (params.cpuProf) {
    mkdirSync(path.resolve(params.cpuProf), { recursive: true });
    args.push(path.resolve(params.cpuProf));
  }
  return fork(path.join(here, 'fanout-server.ts'), args, {
    cwd: root,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function startClients(): ChildProcess {
  return fork(path.join(here, 'fanout-clients.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

const toServer = (child: ChildProcess, m: ToServer) => child.send(m);
const toClients = (child: ChildProcess, m: ToClients) => child.send(m);

// ---------------------------------------------------------------- the district

interface District {
  halls: HallFixture[];
  /** Phones' tickets per hall: tokens, in the order they were issued across services. */
  tokens: string[][];
  tickets: number;
}

async function buildDistrict(db: Db, sockets: number, expectedCalls: number): Promise<District> {
  const prefixes = Array.from({ length: params.servicesPerHall }, (_, i) => String.fromCharCode(65 + i));
  const counterDefs = Array.from({ length: params.countersPerHall }, (_, i) => ({
    number: i + 1,
    serves: [...new Set([prefixes[i % prefixes.length], prefixes[(i + 1) % prefixes.length]])].filter((p): p is string => !!p),
  }));
  const halls: HallFixture[] = [];
  for (let i = 0; i < params.halls; i += 10) {
    const chunk = Math.min(10, params.halls - i);
    halls.push(
      ...(await Promise.all(
        Array.from({ length: chunk }, () =>
          createHallFixture(db, { services: prefixes.map((prefix) => ({ prefix })), counters: counterDefs, settings: { enforceHours: false } }),
        ),
      )),
    );
  }

  // A waiting ticket for every phone, inserted in bulk as issue() would leave them (gapless
  // numbers with their daily counter, a token, root = itself). Services get at least enough
  // tickets that no counter runs dry during the run.
  const phones = sockets - params.halls * params.displaysPerHall;
  const perService = Math.ceil(phones / (params.halls * prefixes.length));
  const minPerService = Math.ceil((2.5 * expectedCalls) / (params.halls * prefixes.length)) + 3;
  const ticketsPerService = Math.max(perService, minPerService);
  const day = localTime(new Date(), 'Asia/Shanghai').day;
  const base = Date.now() - 10 * 60_000;
  const tokens: string[][] = halls.map(() => []);
  let rows: Array<typeof tickets.$inferInsert> = [];
  let total = 0;
  const flush = async () => {
    if (rows.length > 0) await db.insert(tickets).values(rows);
    rows = [];
  };
  for (const [h, hall] of halls.entries()) {
    const hallTokens = tokens[h] ?? [];
    for (let seq = 1; seq <= ticketsPerService; seq += 1) {
      for (const prefix of prefixes) {
        const serviceId = hall.serviceIds[prefix];
        if (!serviceId) throw new Error(`no service ${prefix}`);
        const id = randomUUID();
        const token = randomBytes(18).toString('base64url');
        const at = new Date(base + seq * 1000 + prefixes.indexOf(prefix));
        rows.push({
          id,
          hallId: hall.hallId,
          serviceId,
          day,
          seq,
          number: formatTicketNumber(prefix, seq),
          priorityClass: 'normal',
          channel: 'kiosk',
          status: 'waiting',
          queuedAt: at,
          issuedAt: at,
          rootTicketId: id,
          token,
        });
        hallTokens.push(token);
        total += 1;
        if (rows.length >= 2000) await flush();
      }
    }
    await db.insert(dailyCounters).values(
      prefixes.map((prefix) => ({ hallId: hall.hallId, serviceId: hall.serviceIds[prefix] ?? '', day, lastSeq: ticketsPerService })),
    );
  }
  await flush();
  return { halls, tokens, tickets: total };
}

/** TVs and phones, interleaved by hall, so each client process holds half of every hall. */
function socketSpecs(district: District, sockets: number): SocketSpec[] {
  const specs: SocketSpec[] = [];
  for (const hall of district.halls) {
    for (let d = 0; d < params.displaysPerHall; d += 1) specs.push({ kind: 'display', hall: hall.slug, hallId: hall.hallId });
  }
  const phones = sockets - specs.length;
  // Phones take tickets from the head of each queue first (round-robin over halls), so
  // the calls of the run land on phones that are watching.
  const cursors = district.halls.map(() => 0);
  for (let i = 0, h = 0; i < phones; h = (h + 1) % district.halls.length) {
    const hall = district.halls[h];
    const token = district.tokens[h]?.[cursors[h] ?? 0];
    if (!hall || token === undefined) throw new Error('more phones than tickets');
    cursors[h] = (cursors[h] ?? 0) + 1;
    specs.push({ kind: 'ticket', token, hallId: hall.hallId });
    i += 1;
  }
  return specs;
}

// ---------------------------------------------------------------- the counters

interface Counter {
  hallId: string;
  id: string;
  cookie: string;
  busy: boolean;
}

interface Call {
  hallId: string;
  counterId: string;
  kind: 'steady' | 'burst';
  t0: number;
  t1: number;
  status: number;
  number: string | null;
  serviceId: string | null;
  error: string | null;
}

async function signIn(url: string, district: District): Promise<Counter[]> {
  const pending: Array<{ hallId: string; id: string; username: string }> = [];
  // Counter 1 of every hall, then counter 2 of every hall…: successive calls change hall.
  for (let n = 1; n <= params.countersPerHall; n += 1) {
    for (const hall of district.halls) {
      pending.push({ hallId: hall.hallId, id: hall.counterIds[n] ?? '', username: hall.usernameOf(n) });
    }
  }
  const counters: Counter[] = [];
  for (let i = 0; i < pending.length; i += 20) {
    const chunk = pending.slice(i, i + 20);
    counters.push(
      ...(await Promise.all(
        chunk.map(async (c) => ({ hallId: c.hallId, id: c.id, cookie: await login(url, c.username, fixturePassword), busy: false })),
      )),
    );
  }
  return counters;
}

async function post(url: string, cookie: string, body = '{}') {
  const res = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as unknown };
}

function ticketOf(json: unknown): { number: string; serviceId: string } | null {
  const ticket = (json as { ticket?: { number?: unknown; serviceId?: unknown } | null } | null)?.ticket;
  if (!ticket || typeof ticket.number !== 'string' || typeof ticket.serviceId !== 'string') return null;
  return { number: ticket.number, serviceId: ticket.serviceId };
}

/**
 * Calls at `rate` a second for `secs`, plus `burst` calls at once every `burstEvery` s,
 * each on the next free counter; each counter completes its ticket `holdMs` after the
 * call answered. Returns once every call and completion has finished (or 20 s after).
 */
async function drive(url: string, counters: Counter[], opts: { rate: number; secs: number; burst: number; burstEvery: number }) {
  const calls: Call[] = [];
  const inFlight = new Set<Promise<void>>();
  let cursor = 0;
  let noFreeCounter = 0;
  let completeErrors = 0;
  const free = () => {
    for (let k = 0; k < counters.length; k += 1) {
      const c = counters[(cursor + k) % counters.length];
      if (c && !c.busy) {
        cursor = (cursor + k + 1) % counters.length;
        return c;
      }
    }
    return null;
  };
  const callOn = async (c: Counter, kind: Call['kind']) => {
    c.busy = true;
    const call: Call = { hallId: c.hallId, counterId: c.id, kind, t0: now(), t1: 0, status: 0, number: null, serviceId: null, error: null };
    calls.push(call);
    try {
      const res = await post(`${url}/api/v1/counters/${c.id}/call-next`, c.cookie);
      call.t1 = now();
      call.status = res.status;
      const ticket = ticketOf(res.json);
      if (res.status !== 200) call.error = JSON.stringify(res.json).slice(0, 200);
      if (ticket) {
        call.number = ticket.number;
        call.serviceId = ticket.serviceId;
        // The citizen arrives (start), is served (complete): the counter is free again.
        await sleep(params.holdMs);
        const started = await post(`${url}/api/v1/counters/${c.id}/start`, c.cookie);
        const done = await post(`${url}/api/v1/counters/${c.id}/complete`, c.cookie);
        if (started.status !== 200 || done.status !== 200) completeErrors += 1;
      }
    } catch (error) {
      call.error = error instanceof Error ? error.message : String(error);
    } finally {
      c.busy = false;
    }
  };
  const fire = (kind: Call['kind']) => {
    const c = free();
    if (!c) {
      noFreeCounter += 1;
      return;
    }
    const p = callOn(c, kind);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const schedule: Array<{ at: number; kind: Call['kind']; n: number }> = [];
  const steady = Math.floor(opts.rate * opts.secs);
  for (let k = 0; k < steady; k += 1) schedule.push({ at: (k * 1000) / opts.rate, kind: 'steady', n: 1 });
  if (opts.burst > 0 && opts.burstEvery > 0) {
    for (let at = opts.burstEvery * 1000; at < opts.secs * 1000; at += opts.burstEvery * 1000) {
      schedule.push({ at, kind: 'burst', n: opts.burst });
    }
  }
  schedule.sort((a, b) => a.at - b.at);
  const start = now();
  for (const step of schedule) {
    const wait = start + step.at - now();
    if (wait > 0) await sleep(wait);
    for (let i = 0; i < step.n; i += 1) fire(step.kind);
  }
  const wait = Math.max(0, start + opts.secs * 1000 - now());
  await sleep(wait);
  const deadline = now() + 20_000;
  while (inFlight.size > 0 && now() < deadline) await Promise.race([Promise.allSettled([...inFlight]), sleep(1000)]);
  return { calls, noFreeCounter, completeErrors, unfinished: inFlight.size, seconds: (now() - start) / 1000 };
}

// ---------------------------------------------------------------- CPU and database accounting

/** Clock ticks of CPU per process group, read from /proc: who used the 2 cores during the load. */
interface CpuSample {
  total: number;
  idle: number;
  byPid: Map<number, number>;
  postgres: Map<number, number>;
}

function procTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function sampleCpu(pids: number[], database: string): CpuSample | null {
  if (!existsSync('/proc/stat')) return null;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((a, b) => a + b, 0);
  const byPid = new Map<number, number>();
  for (const pid of pids) {
    const t = procTicks(pid);
    if (t !== null) byPid.set(pid, t);
  }
  const postgres = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      // Only the backends serving this run's database (their title names it).
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
    } catch {
      continue;
    }
    const t = procTicks(Number(entry));
    if (t !== null) postgres.set(Number(entry), t);
  }
  return { total, idle, byPid, postgres };
}

/** Shares of the machine's CPU over a window, in cores (2.0 = both cores busy). */
function cpuShares(a: CpuSample | null, b: CpuSample | null, groups: Record<string, number[]>) {
  if (!a || !b) return null;
  const cores = os.cpus().length;
  const span = b.total - a.total;
  if (span <= 0) return null;
  const asCores = (ticks: number) => (ticks / span) * cores;
  const out: Record<string, number> = { machine: asCores(span - (b.idle - a.idle)) };
  for (const [name, pids] of Object.entries(groups)) {
    out[name] = asCores(pids.reduce((sum, pid) => sum + ((b.byPid.get(pid) ?? 0) - (a.byPid.get(pid) ?? b.byPid.get(pid) ?? 0)), 0));
  }
  let pg = 0;
  for (const [pid, t] of b.postgres) pg += t - (a.postgres.get(pid) ?? 0);
  out.postgres = asCores(pg);
  out.others = Math.max(0, (out.machine ?? 0) - Object.entries(out).reduce((sum, [k, v]) => (k === 'machine' ? sum : sum + v), 0));
  return out;
}

/**
 * PostgreSQL checkpoints started during the load (seconds into it). Other databases on the
 * same server force them (DROP DATABASE does): every commit then waits on a busy disk.
 */
function watchCheckpoints(db: Db, since: number) {
  const seen: number[] = [];
  let last: number | null = null;
  let running = true;
  const read = async () => {
    const [row] = rowsOf<{ n: string }>(await db.execute(sql`select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter`));
    return Number(row?.n ?? 0);
  };
  const loop = (async () => {
    while (running) {
      const n = await read();
      if (last !== null && n > last) for (let i = last; i < n; i += 1) seen.push(Math.max(since, now()));
      last = n;
      await sleep(200);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

interface Descriptors {
  open: number;
  limit: number;
}

/** Open descriptors of a process and its RLIMIT_NOFILE: each socket holds one. */
function descriptors(pid: number | undefined): Descriptors | null {
  if (pid === undefined) return null;
  try {
    const open = readdirSync(`/proc/${pid}/fd`).length;
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const limit = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Number.NaN);
    return { open, limit };
  } catch {
    return null;
  }
}

async function dbActivity(db: Db, name: string): Promise<{ xacts: number; tuples: number }> {
  const [row] = rowsOf<{ xacts: string; tuples: string }>(
    await db.execute(sql`select xact_commit + xact_rollback as xacts, tup_returned + tup_fetched as tuples from pg_stat_database where datname = ${name}`),
  );
  return { xacts: Number(row?.xacts ?? 0), tuples: Number(row?.tuples ?? 0) };
}

// ---------------------------------------------------------------- one run

interface Dist {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function dist(values: number[]): Dist {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

interface RunResult {
  sockets: number;
  displays: number;
  phones: number;
  connected: number;
  connectFailed: number;
  connectError: string | null;
  connectSeconds: number;
  /** The server process's open file descriptors once the sockets connected, and its limit. */
  fds: Descriptors | null;
  tickets: number;
  calls: { sent: number; called: number; empty: number; errors: number; noFreeCounter: number; completeErrors: number; unfinished: number; firstError: string | null; seconds: number };
  http: Dist;
  display: Dist;
  /** The same, for the steady calls only and for the burst calls only. */
  displaySteady: Dist;
  displayBurst: Dist;
  queue: Dist;
  phone: Dist;
  heapPerSocket: number;
  heap: { before: HeapReading; after: HeapReading };
  load: LoadReading;
  displayCheck: { expectedCalls: number; receivedCalls: number; missingCalls: number; extraCalls: number; lostEvents: number; duplicateEvents: number; outOfOrder: number };
  queueCalls: { matched: number; unmatched: number };
  disconnects: number;
  /** CPU over the load window in cores, by process group (null off Linux). */
  cpu: Record<string, number> | null;
  /** The server's CPU, in cores, with the sockets connected and no calls (pings, heartbeats). */
  idleServerCpu: number;
  /** Database transactions (single statements included) a second during the load, and per call. */
  db: { xactsPerSecond: number; xactsPerCall: number; checkpoints: number[] };
  loadAverage: number[];
}

async function runOnce(sockets: number): Promise<RunResult> {
  const expectedCalls = params.rate * (params.secs + params.warmup) + params.burst * Math.ceil(params.secs / Math.max(1, params.burstEvery));
  log(`== ${sockets} sockets over ${params.halls} halls: fresh database`);
  const handle = await openTestDb('postgres', 20);
  const children: ChildProcess[] = [];
  try {
    const dbName = rowsOf<{ name: string }>(await handle.db.execute(sql`select current_database() as name`))[0]?.name;
    if (!dbName) throw new Error('no database name');
    const dbUrl = new URL(adminUrl);
    dbUrl.pathname = `/${dbName}`;

    const seedStart = now();
    const district = await buildDistrict(handle.db, sockets, expectedCalls);
    log(`seeded ${district.halls.length} halls, ${district.tickets} waiting tickets in ${round((now() - seedStart) / 1000)} s`);
    await handle.db.execute(sql`analyze`);

    const server = startServer(dbUrl.toString());
    children.push(server);
    const { url } = await waitMessage(server, ofType('ready')<FromServer>, 'the server', 60_000);
    const counters = await signIn(url, district);
    log(`server at ${url}; ${counters.length} counters signed in`);

    if (params.warmup > 0) {
      const warm = await drive(url, counters, { rate: params.rate, secs: params.warmup, burst: 0, burstEvery: 0 });
      log(`warm-up: ${warm.calls.length} calls in ${round(warm.seconds)} s (not measured)`);
    }

    toServer(server, { type: 'heap' });
    const before = await waitMessage(server, ofType('heap')<FromServer>, 'heap before', 30_000);

    const specs = socketSpecs(district, sockets);
    const clients = [startClients(), startClients()];
    children.push(...clients);
    const connectStart = now();
    const readies = await Promise.all(
      clients.map((child, k) => {
        const mine = specs.filter((_, i) => i % 2 === k);
        toClients(child, { type: 'connect', url, sockets: mine, firstAddress: k * 100, inFlight: 200 });
        return waitMessage(child, ofType('ready')<FromClients>, 'the clients to connect', 600_000);
      }),
    );
    const connected = readies.reduce((s, r) => s + r.connected, 0);
    const connectFailed = readies.reduce((s, r) => s + r.failed, 0);
    const connectSeconds = (now() - connectStart) / 1000;
    const fds = descriptors(server.pid);
    log(`${connected} sockets connected, ${connectFailed} failed, in ${round(connectSeconds)} s${connectFailed ? ` (${readies.find((r) => r.firstError)?.firstError})` : ''}`);
    await sleep(2000);

    toServer(server, { type: 'heap' });
    const after = await waitMessage(server, ofType('heap')<FromServer>, 'heap after', 60_000);
    const heapPerSocket = (after.heapUsed - before.heapUsed) / Math.max(1, connected);
    log(`server heap ${round(before.heapUsed / 2 ** 20)} → ${round(after.heapUsed / 2 ** 20)} MB: ${round(heapPerSocket / 1024, 2)} KB/socket`);

    await waitForIdle(params.waitIdle, [process.pid, ...children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]))], dbName);
    for (const child of clients) toClients(child, { type: 'reset' });
    const loadAverage = os.loadavg();
    const pids = (c: ChildProcess) => (c.pid === undefined ? [] : [c.pid]);
    const groups = { server: pids(server), clients: clients.flatMap(pids), driver: [process.pid] };
    // What the connected sockets cost with no call at all: pings, heartbeats.
    const idle0 = sampleCpu(Object.values(groups).flat(), dbName);
    await sleep(3000);
    const idle = cpuShares(idle0, sampleCpu(Object.values(groups).flat(), dbName), groups);
    const cpu0 = sampleCpu(Object.values(groups).flat(), dbName);
    const db0 = await dbActivity(handle.db, dbName);
    const load0 = now();
    const checkpoints = watchCheckpoints(handle.db, load0);
    toServer(server, { type: 'load-start' });
    log(`load: ${params.rate} calls/s + ${params.burst} every ${params.burstEvery} s for ${params.secs} s`);
    const run = await drive(url, counters, { rate: params.rate, secs: params.secs, burst: params.burst, burstEvery: params.burstEvery });
    // BENCH_DUMP=file: every call with its times (ms into the load), to look at stalls.
    await sleep(params.coalesceMs + 1500);
    toServer(server, { type: 'load-stop' });
    const cpu = cpuShares(cpu0, sampleCpu(Object.values(groups).flat(), dbName), groups);
    const db1 = await dbActivity(handle.db, dbName);
    const loadSeconds = (now() - load0) / 1000;
    const checkpointTimes = await checkpoints.stop();
    const load = await waitMessage(server, ofType('load')<FromServer>, 'load stats', 30_000);
    // BENCH_DUMP=file: every call with its times (ms into the load) and the statements sent.
    if (process.env.BENCH_DUMP) {
      const calls = run.calls.map((c) => ({ ...c, t0: c.t0 - load0, t1: c.t1 - load0 }));
      const tables = rowsOf(
        await handle.db.execute(sql`select relname, seq_scan, seq_tup_read, idx_scan, n_live_tup from pg_stat_user_tables order by seq_tup_read desc`),
      );
      writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ calls, statements: load.topStatements, tables }));
    }

    const finalSeqs = new Map(
      (await handle.db.select({ id: hallTable.id, seq: hallTable.eventSeq }).from(hallTable)).map((r) => [r.id, r.seq]),
    );
    const reports = await Promise.all(
      clients.map((child) => {
        toClients(child, { type: 'report' });
        return waitMessage(child, ofType('report')<FromClients>, 'client reports', 120_000);
      }),
    );
    for (const child of clients) toClients(child, { type: 'close' });
    toServer(server, { type: 'stop' });
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));

    return join(sockets, specs, district, { connected, connectFailed, connectSeconds, firstError: readies.find((r) => r.firstError)?.firstError ?? null, fds }, run, reports, finalSeqs, {
      before,
      after,
      heapPerSocket,
      load,
      cpu,
      idleServerCpu: idle?.server ?? Number.NaN,
      db: {
        xactsPerSecond: (db1.xacts - db0.xacts) / loadSeconds,
        xactsPerCall: (db1.xacts - db0.xacts) / Math.max(1, run.calls.length),
        checkpoints: checkpointTimes.map((t) => (t - load0) / 1000),
      },
      loadAverage,
    });
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
    await handle.close();
  }
}

function join(
  sockets: number,
  specs: SocketSpec[],
  district: District,
  conn: { connected: number; connectFailed: number; connectSeconds: number; firstError: string | null; fds: Descriptors | null },
  run: Awaited<ReturnType<typeof drive>>,
  reports: ClientReport[],
  finalSeqs: Map<string, number>,
  server: {
    before: HeapReading;
    after: HeapReading;
    heapPerSocket: number;
    load: LoadReading;
    cpu: RunResult['cpu'];
    idleServerCpu: number;
    db: RunResult['db'];
    loadAverage: number[];
  },
): RunResult {
  const sent = new Map<string, Call>();
  for (const call of run.calls) if (call.number) sent.set(`${call.hallId}|${call.number}`, call);

  // Hall TVs: every ticket.called of the hall, on every TV of the hall, once.
  const displayLat: number[] = [];
  const byKind: Record<Call['kind'], number[]> = { steady: [], burst: [] };
  const receipts = new Map<string, number>();
  let extraCalls = 0;
  for (const report of reports) {
    for (const [hallId, number, t] of report.calledOnDisplays) {
      const key = `${hallId}|${number}`;
      const call = sent.get(key);
      if (!call) {
        extraCalls += 1;
        continue;
      }
      displayLat.push(t - call.t0);
      byKind[call.kind].push(t - call.t0);
      receipts.set(key, (receipts.get(key) ?? 0) + 1);
    }
  }
  const tvsPerHall = new Map<string, number>();
  for (const report of reports) for (const d of report.displays) tvsPerHall.set(d.hallId, (tvsPerHall.get(d.hallId) ?? 0) + 1);
  let expectedCalls = 0;
  let missingCalls = 0;
  for (const [key, call] of sent) {
    const expected = tvsPerHall.get(call.hallId) ?? 0;
    expectedCalls += expected;
    const got = receipts.get(key) ?? 0;
    if (got < expected) missingCalls += expected - got;
    if (got > expected) extraCalls += got - expected;
  }
  let lostEvents = 0;
  let duplicateEvents = 0;
  let outOfOrder = 0;
  for (const report of reports) {
    for (const d of report.displays) {
      const final = finalSeqs.get(d.hallId) ?? 0;
      lostEvents += Math.max(0, final - d.baseSeq - d.distinct);
      duplicateEvents += d.received - d.distinct;
      outOfOrder += d.outOfOrder;
    }
  }

  // Phones: the first queue push of the service computed after the call that no longer
  // lists the called number, as each phone of the service room received it.
  const pushesByService = new Map<string, Array<{ at: number; order: Set<string>; times: number[] }>>();
  for (const report of reports) {
    for (const p of report.queuePushes) {
      const list = pushesByService.get(p.serviceId) ?? [];
      list.push({ at: Date.parse(p.at), order: new Set(p.order), times: p.times });
      pushesByService.set(p.serviceId, list);
    }
  }
  // Both client processes hold phones of the same room: merge pushes with the same `at`.
  for (const [serviceId, list] of pushesByService) {
    const merged = new Map<number, { at: number; order: Set<string>; times: number[] }>();
    for (const p of list) {
      const m = merged.get(p.at);
      if (m) m.times.push(...p.times);
      else merged.set(p.at, { ...p, times: [...p.times] });
    }
    pushesByService.set(serviceId, [...merged.values()].sort((a, b) => a.at - b.at));
  }
  const queueLat: number[] = [];
  let matched = 0;
  let unmatched = 0;
  for (const call of sent.values()) {
    if (!call.serviceId || !call.number) continue;
    const list = pushesByService.get(call.serviceId);
    if (!list) continue;
    const push = list.find((p) => p.at >= Math.floor(call.t0) && !p.order.has(call.number ?? ''));
    if (!push) {
      unmatched += 1;
      continue;
    }
    matched += 1;
    for (const t of push.times) queueLat.push(t - call.t0);
  }

  // The called phone itself: its `ticket` push showing status called.
  const phoneLat: number[] = [];
  for (const report of reports) {
    for (const [hallId, number, t] of report.calledOnPhones) {
      const call = sent.get(`${hallId}|${number}`);
      if (call) phoneLat.push(t - call.t0);
    }
  }

  const ok = run.calls.filter((c) => c.status === 200);
  const displays = specs.filter((s) => s.kind === 'display').length;
  return {
    sockets,
    displays,
    phones: specs.length - displays,
    connected: conn.connected,
    connectFailed: conn.connectFailed,
    connectError: conn.firstError,
    connectSeconds: conn.connectSeconds,
    fds: conn.fds,
    tickets: district.tickets,
    calls: {
      sent: run.calls.length,
      called: sent.size,
      empty: ok.filter((c) => !c.number).length,
      errors: run.calls.filter((c) => c.error !== null).length,
      noFreeCounter: run.noFreeCounter,
      completeErrors: run.completeErrors,
      unfinished: run.unfinished,
      firstError: run.calls.find((c) => c.error)?.error ?? null,
      seconds: run.seconds,
    },
    http: dist(ok.map((c) => c.t1 - c.t0)),
    display: dist(displayLat),
    displaySteady: dist(byKind.steady),
    displayBurst: dist(byKind.burst),
    queue: dist(queueLat),
    phone: dist(phoneLat),
    heapPerSocket: server.heapPerSocket,
    heap: { before: server.before, after: server.after },
    load: server.load,
    displayCheck: { expectedCalls, receivedCalls: displayLat.length, missingCalls, extraCalls, lostEvents, duplicateEvents, outOfOrder },
    queueCalls: { matched, unmatched },
    disconnects: reports.reduce((s, r) => s + r.disconnects, 0),
    cpu: server.cpu,
    idleServerCpu: server.idleServerCpu,
    db: server.db,
    loadAverage: server.loadAverage,
  };
}

// ---------------------------------------------------------------- the floor

interface Floor {
  mode: string;
  line: string;
  deliveries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  heapKB: number;
  maxLoopLag: number;
}

async function runFloor(mode: string, sockets: number): Promise<Floor | { mode: string; error: string }> {
  if (!existsSync(params.anchor)) return { mode, error: `${params.anchor} not found` };
  const env = {
    ...process.env,
    NODE_PATH: path.join(root, 'node_modules'),
    MODE: mode,
    N: String(sockets),
    ROOMS: String(params.halls),
    RATE: String(params.rate),
    SECS: String(params.secs),
  };
  log(`floor: MODE=${mode} N=${sockets} ROOMS=${params.halls} RATE=${params.rate} SECS=${params.secs} node --expose-gc ${path.relative(root, params.anchor)}`);
  const child = spawn(process.execPath, ['--expose-gc', params.anchor], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill(), (params.secs + 300) * 1000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  const line = out.split('\n').find((l) => l.includes('deliveries=')) ?? '';
  const m =
    /deliveries=(\d+) p50=([\d.]+)ms p95=([\d.]+)ms p99=([\d.]+)ms max=([\d.]+)ms heap\/socket=([\d.]+)KB maxLoopLag=([\d.]+)ms/.exec(line);
  if (!m) return { mode, error: `exit ${code}: ${(err || out).trim().slice(-300)}` };
  log(`floor: ${line}`);
  const n = (i: number) => Number(m[i]);
  return { mode, line, deliveries: n(1), p50: n(2), p95: n(3), p99: n(4), max: n(5), heapKB: n(6), maxLoopLag: n(7) };
}

// ---------------------------------------------------------------- report

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    model,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

const ms = (n: number) => `${round(n)} ms`;
const ratio = (ours: number, floor: number | undefined) => (floor && Number.isFinite(ours) ? `${round(ours / floor, 2)}×` : '–');

function section(r: RunResult, floors: Array<Floor | { mode: string; error: string }>, pgVersion: string, command: string): string {
  const m = machine();
  const sio = floors.find((f): f is Floor => f.mode === 'sio' && 'p50' in f);
  const ws = floors.find((f): f is Floor => f.mode === 'ws' && 'p50' in f);
  const kb = r.heapPerSocket / 1024;
  const lines: string[] = [];
  lines.push(`### ${r.sockets.toLocaleString('en-US')} sockets, ${params.halls} halls`);
  lines.push('');
  lines.push(`- Date: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`);
  lines.push(`- Machine: ${m.cores} cores (${m.model}), ${round(m.ramGiB)} GiB RAM, ${m.kernel}, Node ${m.node}, ${pgVersion}`);
  lines.push(`- Command: \`${command}\``);
  lines.push(
    `- Shape: ${r.displays} hall TVs on /display (${params.displaysPerHall} a hall) and ${r.phones.toLocaleString('en-US')} phones on /ticket (each its own waiting ticket; ${r.tickets.toLocaleString('en-US')} tickets seeded), ` +
      `${params.servicesPerHall} services and ${params.countersPerHall} counters a hall; ${params.rate} call-next/s across the district plus ${params.burst} at once every ${params.burstEvery} s for ${params.secs} s, ` +
      `each counter starting and completing its ticket ${params.holdMs} ms after the call answered; coalesceMs ${params.coalesceMs}, heartbeat ${params.heartbeatMs} ms, database pool ${params.pool}; ${params.warmup} s of calls before measuring, not counted.`,
  );
  lines.push('');
  lines.push('| | Hallboard | floor: bare Socket.IO | ratio | raw ws |');
  lines.push('|---|---|---|---|---|');
  lines.push(`| call → TV \`event\` p50 | ${ms(r.display.p50)} | ${sio ? ms(sio.p50) : '–'} | ${ratio(r.display.p50, sio?.p50)} | ${ws ? ms(ws.p50) : '–'} |`);
  lines.push(`| call → TV \`event\` p95 | ${ms(r.display.p95)} | ${sio ? ms(sio.p95) : '–'} | ${ratio(r.display.p95, sio?.p95)} | ${ws ? ms(ws.p95) : '–'} |`);
  lines.push(`| call → TV \`event\` p99 | **${ms(r.display.p99)}** | ${sio ? ms(sio.p99) : '–'} | ${ratio(r.display.p99, sio?.p99)} | ${ws ? ms(ws.p99) : '–'} |`);
  lines.push(`| call → TV \`event\` max | ${ms(r.display.max)} | ${sio ? ms(sio.max) : '–'} | | ${ws ? ms(ws.max) : '–'} |`);
  lines.push(`| heap per socket after GC | **${round(kb, 2)} KB** | ${sio ? `${round(sio.heapKB, 2)} KB` : '–'} | ${ratio(kb, sio?.heapKB)} | ${ws ? `${round(ws.heapKB, 2)} KB` : '–'} |`);
  lines.push(`| event-loop delay p99 / max | ${ms(r.load.loopP99)} / ${ms(r.load.loopMax)} | max ${sio ? ms(sio.maxLoopLag) : '–'} | | ${ws ? `max ${ms(ws.maxLoopLag)}` : '–'} |`);
  lines.push(`| deliveries measured | ${r.display.n.toLocaleString('en-US')} TV calls, ${r.queue.n.toLocaleString('en-US')} phone queue pushes | ${sio ? sio.deliveries.toLocaleString('en-US') : '–'} | | ${ws ? ws.deliveries.toLocaleString('en-US') : '–'} |`);
  lines.push('');
  lines.push('| Hallboard, from the call-next request | n | p50 | p95 | p99 | max |');
  lines.push('|---|---|---|---|---|---|');
  const row = (name: string, d: Dist) => `| ${name} | ${d.n.toLocaleString('en-US')} | ${ms(d.p50)} | ${ms(d.p95)} | ${ms(d.p99)} | ${ms(d.max)} |`;
  lines.push(row('HTTP answer of call-next (commit inside)', r.http));
  lines.push(row('`event` ticket.called on the hall TVs', r.display));
  lines.push(row('— of the steady calls', r.displaySteady));
  lines.push(row(`— of the burst calls (${params.burst} at once)`, r.displayBurst));
  lines.push(row(`\`queue\` push on the service's phones (coalesced ${params.coalesceMs} ms)`, r.queue));
  lines.push(row('`ticket` push (status called) on the called phone', r.phone));
  lines.push('');
  const c = r.calls;
  const d = r.displayCheck;
  const fds = r.fds;
  const full = fds !== null && fds.open >= fds.limit - 5;
  lines.push(
    `- Sockets: ${r.connected.toLocaleString('en-US')} connected, ${r.connectFailed} failed${r.connectError ? ` (${r.connectError})` : ''}, in ${round(r.connectSeconds)} s; ${r.disconnects} dropped during the run` +
      (fds ? `; the server process then held ${fds.open.toLocaleString('en-US')} file descriptors of its limit of ${fds.limit.toLocaleString('en-US')}` : '') +
      (full
        ? ' — **out of descriptors**: the hard limit of this box (`ulimit -Hn`; not raisable here, even as root) leaves no room to accept more sockets or the counters\' HTTP connections, so handshakes and calls beyond it fail.'
        : '.'),
  );
  lines.push(
    `- Calls: ${c.sent} sent in ${round(c.seconds)} s, ${c.called} called a ticket, ${c.empty} found the queue empty, ${c.errors} failed${c.firstError ? ` (${c.firstError})` : ''}, ` +
      `${c.noFreeCounter} skipped (no free counter), ${c.completeErrors} start/complete pairs failed, ${c.unfinished} unfinished.`,
  );
  lines.push(
    `- TVs: ${d.receivedCalls.toLocaleString('en-US')} of ${d.expectedCalls.toLocaleString('en-US')} expected ticket.called receipts, ${d.missingCalls} missing, ${d.extraCalls} extra; ` +
      `over all event types, ${d.lostEvents} lost, ${d.duplicateEvents} duplicated, ${d.outOfOrder} out of order (seq checked per TV against the hall's final seq).`,
  );
  lines.push(`- Phones: ${r.queueCalls.matched} calls matched to a queue push, ${r.queueCalls.unmatched} without one.`);
  lines.push(
    `- Server process: heap ${round(r.heap.before.heapUsed / 2 ** 20)} → ${round(r.heap.after.heapUsed / 2 ** 20)} MB with the sockets (rss ${Number.isFinite(r.heap.after.rss) ? `${round(r.heap.after.rss / 2 ** 20)} MB` : 'not readable: no descriptor left'}); ` +
      `CPU ${round(r.load.cpu * 100, 0)}% of a core, event-loop utilisation ${round(r.load.elu * 100, 0)}% during the load; ${r.load.errors} realtime errors.`,
  );
  if (r.cpu) {
    const cpu = r.cpu;
    lines.push(
      `- CPU during the load, in cores of ${m.cores}: machine ${round(cpu.machine ?? 0, 2)}, server process ${round(cpu.server ?? 0, 2)}, PostgreSQL ${round(cpu.postgres ?? 0, 2)}, ` +
        `client processes ${round(cpu.clients ?? 0, 2)}, load driver ${round(cpu.driver ?? 0, 2)}, anything else on the box ${round(cpu.others ?? 0, 2)}; ` +
        `load average before the load ${r.loadAverage.map((l) => round(l, 2)).join(' / ')}. ` +
        `With the sockets connected and no calls (Socket.IO pings, seq heartbeats every ${params.heartbeatMs} ms), the server process used ${round(r.idleServerCpu, 2)} cores.`,
    );
  }
  lines.push(
    `- Database: ${round(r.db.xactsPerSecond, 0)} transactions/s (single statements included), ${round(r.db.xactsPerCall, 1)} per call (a call is call-next + start + complete, with their pushes); ` +
      `${r.db.checkpoints.length} PostgreSQL checkpoints during the load${r.db.checkpoints.length ? ` (at ${r.db.checkpoints.map((t) => `${round(t)} s`).join(', ')}; timed, or forced by other work on the shared server such as DROP DATABASE; commits stall while one writes)` : ''}.`,
  );
  const calls = Math.max(1, r.calls.sent);
  lines.push(
    `- Statements sent by the server during the load: ${r.load.statements.toLocaleString('en-US')}, ${round(r.load.statements / calls, 1)} per call; the most frequent, per call: ` +
      r.load.topStatements
        .slice(0, 8)
        .map(([q, n]) => [n, q.replaceAll('"', '')] as const)
        .map(([n, q]) => `${round(n / calls, 1)}× \`${q.length > 80 ? `${q.slice(0, 77)}…` : q}\``)
        .join('; ') +
      '.',
  );
  for (const f of floors) if ('error' in f) lines.push(`- Floor ${f.mode} failed: ${f.error}`);
  if (sio) lines.push(`- Floor output: \`${sio.line}\``);
  if (ws) lines.push(`- Raw ws output: \`${ws.line}\``);
  if (sio) {
    const okP99 = r.display.p99 <= 50;
    const okHeap = kb <= 1.2 * sio.heapKB;
    lines.push(
      `- Goal (issue 3, set for 10,000 sockets): p99 ≤ 50 ms — ${okP99 ? 'met' : 'missed'} (${ms(r.display.p99)}); heap per socket ≤ 1.2× the bare Socket.IO figure (${round(1.2 * sio.heapKB, 2)} KB) — ${okHeap ? 'met' : 'missed'} (${round(kb, 2)} KB; the issue's 9 KB: ${kb <= 9 ? 'met' : 'missed'}).`,
    );
  }
  return lines.join('\n');
}

const startMarker = '<!-- bench:fanout:start -->';
const endMarker = '<!-- bench:fanout:end -->';

function writeResults(blocks: Map<number, string>) {
  const existing = existsSync(params.out) ? readFileSync(params.out, 'utf8') : '# Benchmarks\n\nOne section per benchmark; each run of a benchmark replaces its section.\n';
  // Blocks of other socket counts from earlier runs stay; this run's replace theirs.
  const previous = new Map<number, string>();
  const s = existing.indexOf(startMarker);
  const e = existing.indexOf(endMarker);
  if (s >= 0 && e > s) {
    const body = existing.slice(s, e);
    for (const part of body.split(/(?=^<!-- fanout:\d+ -->$)/m)) {
      const m = /^<!-- fanout:(\d+) -->$/m.exec(part);
      if (m) previous.set(Number(m[1]), part.slice(part.indexOf('\n') + 1).trim());
    }
  }
  for (const [n, block] of blocks) previous.set(n, block);
  const sizes = [...previous.keys()].sort((a, b) => a - b);
  const sectionText = [
    startMarker,
    '## Fan-out: calls pushed to hall TVs and phones (`npm run bench:fanout`)',
    '',
    'Latency from the counter\'s HTTP call-next request (stamped by the load driver when it sends it) to receipt on the sockets, ' +
      'with the database commit inside; heap per socket in the server process after GC; the floor is ' +
      '`../shared/bench/fanout-anchor.mjs` (bare Socket.IO broadcasting to the same number of sockets in the same number of rooms at the same rate), ' +
      'run in the same invocation right after. Each socket count keeps the block of its latest run.',
    '',
    ...sizes.flatMap((n) => [`<!-- fanout:${n} -->`, previous.get(n) ?? '', '']),
    endMarker,
  ].join('\n');
  const next = s >= 0 && e > s ? existing.slice(0, s) + sectionText + existing.slice(e + endMarker.length) : `${existing.trimEnd()}\n\n${sectionText}\n`;
  writeFileSync(params.out, next);
  log(`results written to ${path.relative(root, params.out)}`);
}

// ---------------------------------------------------------------- main

async function main() {
  const pg = await openPgVersion();
  const argv = process.argv.slice(2);
  const blocks = new Map<number, string>();
  const results: RunResult[] = [];
  for (const sockets of params.sizes) {
    const command =
      `npm run bench:fanout${argv.length ? ` -- ${argv.join(' ')}` : ''}` +
      `  (SOCKETS=${sockets} HALLS=${params.halls} DISPLAYS=${params.displaysPerHall} SERVICES=${params.servicesPerHall} COUNTERS=${params.countersPerHall} ` +
      `RATE=${params.rate} SECS=${params.secs} BURST=${params.burst} BURST_EVERY=${params.burstEvery} HOLD_MS=${params.holdMs} WARMUP=${params.warmup} ` +
      `COALESCE_MS=${params.coalesceMs} HEARTBEAT_MS=${params.heartbeatMs} POOL=${params.pool} FLOOR=${params.floors.join(',') || 'none'})`;
    let result: RunResult;
    try {
      result = await runOnce(sockets);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`run with ${sockets} sockets failed: ${message}`);
      blocks.set(sockets, `### ${sockets.toLocaleString('en-US')} sockets, ${params.halls} halls\n\n- Date: ${new Date().toISOString().slice(0, 16)} UTC\n- Command: \`${command}\`\n- **Failed**: ${message}`);
      continue;
    }
    const floors: Array<Floor | { mode: string; error: string }> = [];
    for (const mode of params.floors) {
      await waitForIdle(params.waitIdle);
      floors.push(await runFloor(mode, sockets));
    }
    let text = section(result, floors, pg, command);
    // Heap grows by a fixed amount besides the sockets; two sizes in one run separate the two.
    const previous = results[results.length - 1];
    if (previous && previous.connected !== result.connected) {
      const slope = (result.heap.after.heapUsed - previous.heap.after.heapUsed) / (result.connected - previous.connected);
      text += `\n- Heap per added socket between ${previous.connected.toLocaleString('en-US')} and ${result.connected.toLocaleString('en-US')} sockets (same run): ${round(slope / 1024, 2)} KB.`;
    }
    results.push(result);
    console.log(`\n${text}\n`);
    blocks.set(sockets, text);
  }
  if (params.write) writeResults(blocks);
}

/**
 * Other work on a shared 2-core box skews every figure: wait (bounded) until processes other
 * than this run's (`ours`, and the backends of `database`) use less than a quarter of a core.
 */
async function waitForIdle(maxSeconds: number, ours: number[] = [], database = '') {
  if (maxSeconds <= 0) return;
  const deadline = now() + maxSeconds * 1000;
  for (;;) {
    const a = sampleCpu(ours, database);
    await sleep(3000);
    const shares = cpuShares(a, sampleCpu(ours, database), { ours });
    const busy = (shares?.others ?? 0) + (database ? 0 : (shares?.postgres ?? 0));
    if (busy < 0.25) return log(`box idle (${round(busy, 2)} cores used by other processes)`);
    if (now() > deadline) return log(`box still busy (${round(busy, 2)} cores) after ${maxSeconds} s: going on anyway`);
    log(`box busy (${round(busy, 2)} cores used by other processes): waiting`);
    await sleep(5000);
  }
}

async function openPgVersion(): Promise<string> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<Array<{ v: string }>>`select current_setting('server_version') as v`;
    return `PostgreSQL ${row?.v ?? '?'}`;
  } finally {
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
