import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { HallboardProcess, sleep } from './apps';
import { checkDatabase } from './checks';
import { PgCluster, RedisServer, chaosApplicationName } from './cluster';
import { type FaultContext, databaseOutage, killAndRestart, killBackends, redisOutage } from './faults';
import { Load } from './load';
import { type ChaosSummary, loadAverage, render, writeSection } from './report';
import { type Recovery, percentile, timesToTruth } from './truth';
import { Screens } from './watchers';

/**
 * `npm run chaos`: a bounded, repeatable fault run on loopback (issue 15). See
 * BENCHMARKS.md "Fault run" for what it does and measures; the flags bound it.
 */
const { values: flags } = parseArgs({
  options: {
    kills: { type: 'string', default: '10' },
    outage: { type: 'string', default: '10' },
    settle: { type: 'string', default: '8' },
    rate: { type: 'string', default: '200' },
    'pg-port': { type: 'string', default: '5499' },
    'redis-port': { type: 'string', default: '6399' },
    ports: { type: 'string', default: '3320,3321' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    'no-write': { type: 'boolean', default: false },
  },
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hall = 'qiongshan';
const database = 'hallboard';
const kills = Number(flags.kills);
const outageS = Number(flags.outage);
const settleMs = Number(flags.settle) * 1000;
const rate = Number(flags.rate);
const windowMs = 10_000;
const log = (line: string) => console.info(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

const cluster = new PgCluster(Number(flags['pg-port']));
const redis = new RedisServer(Number(flags['redis-port']));
const logDir = mkdtempSync(path.join(tmpdir(), 'hb-chaos-logs-'));
const apps: HallboardProcess[] = [];

function teardownNow(): void {
  for (const app of apps) app.killNow();
  void redis.stop();
  cluster.destroy();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: removing the run's PostgreSQL cluster, Redis and processes`);
    teardownNow();
    process.exit(130);
  });
}

/** The command as run, with the defaults it took and the commit it ran at. */
function commandLine(): string {
  const given = process.argv.slice(2).join(' ');
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
  const defaults = `--kills ${kills} --outage ${outageS} --settle ${settleMs / 1000} --rate ${rate}`;
  return `\`npm run chaos${given ? ` -- ${given}` : ''}\` (${given ? 'resolved: ' : 'defaults: '}\`${defaults}\`), at commit ${head || 'unknown'}${dirty ? ' with uncommitted changes' : ''}`;
}

async function main(): Promise<ChaosSummary> {
  const loadAtStart = loadAverage();
  const began = performance.now();
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    log('building the pages first (next build)');
    const built = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs'), '--build-only'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed');
  }
  log(`PostgreSQL cluster on ${cluster.port} in ${cluster.dir}; Redis on ${redis.port}; logs in ${logDir}`);
  await cluster.init();
  await cluster.start();
  await cluster.createDatabase(database);
  await redis.start();
  const sql = postgres(cluster.urlOf(database), {
    max: 2,
    onnotice: () => {},
    connect_timeout: 2,
    connection: { application_name: chaosApplicationName },
  });
  const env = {
    DATABASE_URL: cluster.urlOf(database),
    REDIS_URL: redis.url,
    DEMO_MODE: '1',
    DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? 'demo1234',
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
  };
  const ports = (flags.ports ?? '').split(',').map(Number);
  for (const [i, port] of ports.entries()) apps.push(new HallboardProcess(String.fromCharCode(65 + i), port, root, env, logDir));
  // One at a time: the first applies the migrations and seeds the demo halls.
  for (const app of apps) log(`process ${app.name} ready on ${app.port} in ${((await app.start()) / 1000).toFixed(1)} s`);
  for (const app of apps) {
    app.onUnexpectedExit = () => {
      log(`process ${app.name} exited by itself: starting it again`);
      void app.start().catch(() => undefined);
    };
  }

  const screens = new Screens(apps, hall, 10, 15_000);
  const load = new Load({
    hall,
    processes: apps,
    clerks: ['c01', 'c02', 'c03', 'c04', 'c05'],
    password: env.DEMO_PASSWORD,
    issuesPerMinute: rate / 4,
    clerkPauseMs: (5 * 60_000) / (rate * 0.75),
    doubleShare: 0.1,
    giveUpMs: 90_000,
    onIssued: (t) => screens.offer(t),
    onCompleted: (id) => screens.ended(id, performance.now()),
  });
  await load.prepare(['A', 'B', 'C', 'D', 'E', 'F']);
  screens.openTvs(4);
  const recoveries: Recovery[] = [];
  let holdUntil = 0;
  const ticker = setInterval(() => screens.tick(performance.now(), performance.now() < holdUntil), 500);
  const watched = () => screens.records.filter((r) => r.kind === 'phone' && r.closedAt === undefined).map((r) => r.ticketId as string);
  const ctx: FaultContext = { sql, hall, apps, cluster, database, redis, watchedTickets: watched, log };
  const settle = async () => {
    holdUntil = performance.now() + windowMs;
    await sleep(settleMs);
  };

  load.start();
  const loadBegan = performance.now();
  log('load running; warming up 15 s');
  await sleep(15_000);

  const restartMs: number[] = [];
  for (let i = 1; i <= kills; i += 1) {
    await sleep(1_000 + Math.random() * 3_000);
    const victim = apps[i % apps.length] as HallboardProcess;
    const outcome = await killAndRestart(ctx, victim, `kill ${i}`);
    restartMs.push(outcome.restartMs);
    recoveries.push(outcome.recovery);
    await settle();
  }
  const { recovery: dbRecovery, outage } = await databaseOutage(ctx, outageS);
  recoveries.push(dbRecovery);
  await settle();
  const backendsKilled: number[] = [];
  for (let i = 1; i <= 3; i += 1) {
    const { recovery, killed } = await killBackends(ctx, `backends killed (${i})`);
    backendsKilled.push(killed);
    recoveries.push(recovery);
    await settle();
  }
  recoveries.push(await redisOutage(ctx, outageS));
  await settle();

  log('stopping the load; the commands in flight retry until answered');
  await load.stop();
  const loadSeconds = (performance.now() - loadBegan) / 1000;
  await sleep(7_000);
  clearInterval(ticker);
  const runEnd = performance.now();

  // Every screen still open must show what the database holds now.
  const [final] = await sql`select event_seq from halls where slug = ${hall}`;
  const open = screens.records.filter((r) => r.closedAt === undefined);
  const versions = new Map(
    (await sql`select id, version from tickets where id = any(${open.filter((r) => r.ticketId).map((r) => r.ticketId as string)}::uuid[])`).map((r) => [
      r.id as string,
      r.version as number,
    ]),
  );
  const finalMismatches = open.filter((r) => {
    const shown = r.samples.at(-1)?.value;
    return r.kind === 'tv' ? shown !== final?.event_seq : shown !== versions.get(r.ticketId as string);
  }).length;
  screens.closeAll();

  const verdict = await checkDatabase(sql, hall, load.commands);
  await sql.end();
  const truth = timesToTruth(recoveries, screens.records, windowMs, runEnd);
  const labels = [...new Set(recoveries.map((r) => (r.kind === 'kill' ? 'a SIGKILL and restart' : r.label)))];
  const truthByFault = labels.map((label) => {
    const ms = truth.filter((t) => (label === 'a SIGKILL and restart' ? t.recovery.startsWith('kill ') : t.recovery === label)).map((t) => t.ms);
    return { label, n: ms.length, p95: percentile(ms, 95), max: Math.max(...ms) };
  });
  const attempts = load.commands.flatMap((c) => c.attempts);
  // Everything recorded, for a look at a figure that needs explaining (times relative to the run's start).
  writeFileSync(
    path.join(logDir, 'records.json'),
    JSON.stringify({ began, recoveries: recoveries.map((r) => ({ ...r, versions: Object.fromEntries(r.versions) })), screens: screens.records, outage, commands: load.commands }),
  );
  const logs = apps.map((a) => readFileSync(path.join(logDir, `hallboard-${a.name}.log`), 'utf8')).join('\n');
  return {
    date: new Date(),
    command: commandLine(),
    loadAtStart,
    seconds: (performance.now() - began) / 1000,
    kills,
    killsSurvived: restartMs.length,
    restartMs,
    backendsKilled,
    redisOutageS: outageS,
    outageS,
    commandsPerMinute: load.commands.filter((c) => c.acked).length / (loadSeconds / 60),
    attempts: attempts.length,
    retried: load.commands.filter((c) => c.attempts.length > 1).length,
    verdict,
    truth,
    truthByFault,
    outage,
    outageAttempts: attempts.filter((a) => a.at >= outage.stoppedAt && a.at < outage.backAt),
    unexpectedExits: apps.reduce((n, a) => n + a.unexpectedExits, 0),
    uncaughtLogged: (logs.match(/uncaught exception|unhandled promise rejection|Uncaught/g) ?? []).length,
    serverErrors: attempts.filter((a) => a.status === 500).length,
    finalMismatches,
    screens: { tvs: screens.records.filter((r) => r.kind === 'tv').length, phones: screens.records.filter((r) => r.kind === 'phone').length },
  };
}

let code = 0;
try {
  const summary = await main();
  const section = render(summary);
  console.info(`\n${section}\n`);
  if (!flags['no-write']) {
    writeSection(path.resolve(root, flags.out ?? 'BENCHMARKS.md'), section);
    log(`written to ${flags.out}`);
  }
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  for (const app of apps) await app.stop().catch(() => undefined);
  await redis.stop();
  cluster.destroy();
  log(`the run's cluster and Redis are gone; process logs kept in ${logDir}`);
}
process.exit(code);
