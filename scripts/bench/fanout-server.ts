/**
 * The fan-out benchmark's server process: the HTTP API and Socket.IO as tests/support runs
 * them (no Next.js), on the benchmark's database. Started by scripts/bench/fanout.ts with
 * --expose-gc, so it measures its own heap and event loop with nothing else in it.
 * argv: <database url> <pool size> <coalesceMs> <heartbeatMs> [cpu profile dir]
 * With a profile dir, the load window (load-start → load-stop) is CPU-profiled into it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDb } from '../../db/client';
import { startRealtimeServer } from '../../tests/support/realtime-server';
import type { FromServer, HeapReading, ToServer } from './fanout-protocol';

const [url, pool, coalesce, heartbeat, profileDir] = process.argv.slice(2);
if (!url || !process.send) {
  console.error('fanout-server: start me from scripts/bench/fanout.ts');
  process.exit(2);
}
const send = (message: FromServer) => process.send?.(message);

// Realtime errors go to console.error: count them, print the first few.
let errors = 0;
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  errors += 1;
  if (errors <= 5) consoleError(...args);
};

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  consoleError('fanout-server: run with --expose-gc');
  process.exit(2);
}
/**
 * process.memoryUsage() reads /proc for the RSS: with every file descriptor taken by sockets
 * (EMFILE at 20,000) it throws. The heap figures come from V8 and need no descriptor.
 */
function memory(): HeapReading {
  const heap = getHeapStatistics();
  let rss = Number.NaN;
  try {
    // libuv answers 0 when it cannot open /proc/self/stat
    rss = process.memoryUsage.rss() || Number.NaN;
  } catch {
    // out of descriptors: RSS unknown
  }
  return { type: 'heap', heapUsed: heap.used_heap_size, rss, external: heap.external_memory, arrayBuffers: Number.NaN };
}

const collect = async () => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 500));
  gc();
};

// Statements the server sends during the load, by text: what a call costs the database.
// Counted where drizzle executes a prepared query (postgres.js driver), transactions included.
const sqlCounts = new Map<string, number>();
let countSql = false;
{
  const { PostgresJsPreparedQuery } = await import('drizzle-orm/postgres-js/session');
  const proto = PostgresJsPreparedQuery.prototype as unknown as { execute: (...args: unknown[]) => Promise<unknown> };
  const execute = proto.execute;
  proto.execute = function (this: { queryString: string }, ...args: unknown[]) {
    if (countSql) sqlCounts.set(this.queryString, (sqlCounts.get(this.queryString) ?? 0) + 1);
    return execute.apply(this, args);
  };
}
const handle = await openDb({ url, poolSize: Number(pool ?? 20) });
const server = await startRealtimeServer(handle.db, {
  coalesceMs: Number(coalesce ?? 250),
  heartbeatMs: Number(heartbeat ?? 5000),
});

const profiler = profileDir ? new Session() : null;
profiler?.connect();

let loop: IntervalHistogram | null = null;
let cpu0 = process.cpuUsage();
let wall0 = 0;
let elu0 = performance.eventLoopUtilization();

process.on('message', (message: ToServer) => {
  switch (message.type) {
    case 'heap':
      // The least of three readings after full GCs: a socket's write buffer still draining
      // to a slow client (the box is shared) is not what a socket costs.
      void (async () => {
        let best: HeapReading | null = null;
        for (let i = 0; i < 3; i += 1) {
          await collect();
          const m = memory();
          if (!best || m.heapUsed < best.heapUsed) best = m;
          await new Promise((resolve) => setTimeout(resolve, 700));
        }
        send(best ?? memory());
      })();
      break;
    case 'load-start':
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      elu0 = performance.eventLoopUtilization();
      errors = 0;
      sqlCounts.clear();
      countSql = true;
      if (profiler) void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
      break;
    case 'load-stop': {
      countSql = false;
      const h = loop;
      h?.disable();
      const cpu = process.cpuUsage(cpu0);
      const wall = performance.now() - wall0;
      send({
        type: 'load',
        loopP50: (h?.percentile(50) ?? 0) / 1e6,
        loopP99: (h?.percentile(99) ?? 0) / 1e6,
        loopMax: (h?.max ?? 0) / 1e6,
        elu: performance.eventLoopUtilization(elu0).utilization,
        cpu: (cpu.user + cpu.system) / 1000 / wall,
        errors,
        statements: [...sqlCounts.values()].reduce((a, b) => a + b, 0),
        topStatements: [...sqlCounts].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([q, n]) => [q.replace(/\s+/g, ' ').trim(), n]),
      });
      if (profiler && profileDir) {
        void profiler.post('Profiler.stop').then(({ profile }) => {
          const file = path.join(profileDir, `fanout-server-${Date.now()}.cpuprofile`);
          writeFileSync(file, JSON.stringify(profile));
          consoleError(`fanout-server: load-window CPU profile in ${file}`);
        });
      }
      break;
    }
    case 'stop':
      void server
        .close()
        .then(() => handle.close())
        .finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 5000).unref();
      break;
  }
});

send({ type: 'ready', url: server.url });
