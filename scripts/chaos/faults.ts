import type postgres from 'postgres';
import { type HallboardProcess, type ProbeResult, probe, sleep } from './apps';
import type { PgCluster, RedisServer } from './cluster';
import type { Recovery } from './truth';

/**
 * The faults of the chaos run, each followed by a recovery instant from which the screens'
 * time to truth is measured: a process killed with SIGKILL and started again (recovered when
 * it answers /readyz), PostgreSQL stopped (recovered when both processes serve again), every
 * backend of the app killed (recovered at once: the pool must reconnect), Redis stopped.
 */

export interface OutageProbe extends ProbeResult {
  at: number;
  what: 'readyz' | 'api' | 'page';
  process: string;
}

export interface DatabaseOutage {
  stoppedAt: number;
  backAt: number;
  serviceBackAt: number;
  probes: OutageProbe[];
}

export interface FaultContext {
  sql: postgres.Sql;
  hall: string;
  apps: HallboardProcess[];
  cluster: PgCluster;
  database: string;
  redis: RedisServer;
  watchedTickets: () => string[];
  log: (line: string) => void;
}

/** What the database holds at a recovery: the hall's seq and each watched ticket's version. */
export async function truthAt(ctx: FaultContext, kind: Recovery['kind'], label: string, faultAt: number, at: number): Promise<Recovery> {
  const ids = ctx.watchedTickets();
  // One snapshot of both, in one transaction; retried if the run's own connection was cut.
  const read = () =>
    ctx.sql.begin('isolation level repeatable read', async (tx) => {
      const [hall] = await tx`select event_seq from halls where slug = ${ctx.hall}`;
      const rows = ids.length > 0 ? await tx`select id, version from tickets where id = any(${ids}::uuid[])` : [];
      return { hall, rows };
    });
  let snapshot: Awaited<ReturnType<typeof read>> | null = null;
  for (let attempt = 0; snapshot === null; attempt += 1) {
    try {
      snapshot = await read();
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(100);
    }
  }
  const { hall, rows } = snapshot;
  return { kind, label, faultAt, at, hallSeq: hall?.event_seq as number, versions: new Map(rows.map((r) => [r.id as string, r.version as number])) };
}

export interface KillOutcome {
  recovery: Recovery;
  restartMs: number;
}

export async function killAndRestart(ctx: FaultContext, victim: HallboardProcess, label: string): Promise<KillOutcome> {
  const faultAt = performance.now();
  await victim.kill();
  const restartMs = await victim.start();
  const at = performance.now();
  ctx.log(`${label}: ${victim.name} killed, ready again after ${(restartMs / 1000).toFixed(1)} s`);
  return { recovery: await truthAt(ctx, 'kill', label, faultAt, at), restartMs };
}

/** Probes both processes every 250 ms (readyz, an API read, a page) until `stop()`. */
function startProbes(apps: HallboardProcess[], hall: string, into: OutageProbe[]): () => Promise<void> {
  let running = true;
  const loops = apps.map(async (app) => {
    while (running) {
      const at = performance.now();
      const results = await Promise.all([
        probe(`${app.url}/readyz`, 10_000),
        probe(`${app.url}/api/v1/halls/${hall}`, 10_000),
        probe(`${app.url}/h/${hall}`, 10_000),
      ]);
      (['readyz', 'api', 'page'] as const).forEach((what, i) => {
        const r = results[i] as ProbeResult;
        into.push({ at, what, process: app.name, status: r.status, ms: r.ms, ...(what === 'page' && r.status === 503 ? { body: r.body?.slice(0, 2000) } : {}) });
      });
      await sleep(250);
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

export async function databaseOutage(ctx: FaultContext, seconds: number): Promise<{ recovery: Recovery; outage: DatabaseOutage }> {
  const probes: OutageProbe[] = [];
  const stopProbes = startProbes(ctx.apps, ctx.hall, probes);
  await sleep(500);
  const stoppedAt = performance.now();
  await ctx.cluster.stop();
  ctx.log(`PostgreSQL stopped for ${seconds} s`);
  await sleep(seconds * 1000 - (performance.now() - stoppedAt));
  await ctx.cluster.start();
  const backAt = performance.now();
  // Service is back when every process answers /readyz 200 again (polled every 100 ms).
  const ready = await Promise.all(
    ctx.apps.map(async (app) => {
      for (;;) {
        const r = await probe(`${app.url}/readyz`, 2_000);
        if (r.status === 200) return performance.now();
        await sleep(100);
      }
    }),
  );
  const serviceBackAt = Math.max(...ready);
  ctx.log(`PostgreSQL back; service back ${((serviceBackAt - backAt) / 1000).toFixed(2)} s later`);
  await sleep(1_000);
  await stopProbes();
  const outage = { stoppedAt, backAt, serviceBackAt, probes };
  return { recovery: await truthAt(ctx, 'database', 'PostgreSQL stopped 10 s', stoppedAt, serviceBackAt), outage };
}

export async function killBackends(ctx: FaultContext, label: string): Promise<{ recovery: Recovery; killed: number }> {
  const faultAt = performance.now();
  const killed = await ctx.cluster.terminateBackends(ctx.database);
  const at = performance.now();
  ctx.log(`${label}: ${killed} backends terminated`);
  return { recovery: await truthAt(ctx, 'backends', label, faultAt, at), killed };
}

export async function redisOutage(ctx: FaultContext, seconds: number): Promise<Recovery> {
  const faultAt = performance.now();
  await ctx.redis.stop();
  ctx.log(`Redis stopped for ${seconds} s`);
  await sleep(seconds * 1000);
  await ctx.redis.start();
  const at = performance.now();
  ctx.log('Redis back');
  return truthAt(ctx, 'redis', `Redis stopped ${seconds} s`, faultAt, at);
}
