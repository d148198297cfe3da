import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import next from 'next';
import { openDb } from '../db/client';
import { seedDemo } from '../db/seed';
import { createHttpServer } from './app';
import { systemClock } from './domain/clock';
import { parseEnv } from './env';
import { createRealtime } from './realtime';
import { setRegistry } from './registry';
import { createServices } from './services';
import { type DemoTraffic, createDemoTraffic } from './demo-traffic';
import { startAppointmentSweep } from './services/appointment-sweep';
import { startRollupJob } from './services/metrics/history-rollup';
import { aliyunSmsConfigOf, createOutboxWorker, outboxAdaptersOf } from './services/outbox';
import { createRetentionJob, startRetentionJob } from './services/retention';
import { log } from './log';
import { guardPostgresDriver } from './postgres-guard';
import { installProcessPolicy } from './process-policy';
import { watchRedis } from './redis-watch';
import { bootstrapAdmin } from './services/admin/accounts';
import { startupGuide } from './startup-guide';

async function main() {
  installProcessPolicy(log);
  if (!guardPostgresDriver()) log.warn('could not register the postgres.js guard hook');
  const env = parseEnv(process.env);
  log.level = env.LOG_LEVEL;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const handle = await openDb({ url: env.DATABASE_URL, dataDir: path.resolve(root, env.DATA_DIR) });
  console.info(`database: ${handle.driver}${handle.driver === 'pglite' ? ` at ${env.DATA_DIR}` : ''}, migrations applied`);
  if (env.demo && (await seedDemo(handle.db, { password: env.DEMO_PASSWORD }))) {
    console.info('demo halls seeded: qiongshan, dayuan');
  }
  if (env.BOOTSTRAP_ADMIN_USERNAME && env.BOOTSTRAP_ADMIN_PASSWORD) {
    const outcome = await bootstrapAdmin(handle.db, systemClock, { username: env.BOOTSTRAP_ADMIN_USERNAME, password: env.BOOTSTRAP_ADMIN_PASSWORD });
    console.info(
      outcome === 'created'
        ? `district admin ${env.BOOTSTRAP_ADMIN_USERNAME} created from BOOTSTRAP_ADMIN_USERNAME / BOOTSTRAP_ADMIN_PASSWORD`
        : 'an admin account exists: BOOTSTRAP_ADMIN_* changed nothing',
    );
  }

  const limitsRedis = env.RATE_LIMITS === 'on' && env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  if (limitsRedis) watchRedis(limitsRedis, 'rate limits');
  const smsAccount = aliyunSmsConfigOf(env);
  const services = createServices({
    db: handle.db,
    smsKinds: smsAccount ? Object.keys(smsAccount.templates) : [],
    clock: systemClock,
    publicUrl: env.PUBLIC_URL,
    rateLimits: env.RATE_LIMITS === 'off' ? { kind: 'off' } : limitsRedis ? { kind: 'redis', client: limitsRedis } : { kind: 'memory' },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            usernameClaim: env.OIDC_USERNAME_CLAIM,
            scope: env.OIDC_SCOPE,
            label: env.OIDC_LABEL,
          }
        : undefined,
  });
  if (env.RATE_LIMITS === 'off') console.info('rate limits: off (RATE_LIMITS=off)');
  if (env.OIDC_ISSUER) {
    const callback = env.PUBLIC_URL
      ? `register ${new URL(env.PUBLIC_URL).origin}/api/v1/auth/oidc/callback as its redirect URI`
      : 'set PUBLIC_URL: the callback address is taken from each request\'s Host until then';
    console.info(`single sign-on: ${env.OIDC_ISSUER} (${callback})`);
  }
  setRegistry({ services });
  // History rollups of closed days: at boot, then every few minutes (so soon after each hall's midnight).
  const stopRollups = startRollupJob(handle.db, systemClock);
  // Personal data past each hall's retention period is anonymised hourly; an advisory lock and
  // the last run's time make one process do it however many run.
  const stopRetention = startRetentionJob(createRetentionJob({ db: handle.db, clock: systemClock }), (err: unknown) =>
    log.error({ err }, 'retention run failed'),
  );
  // Messages to citizens (SMS) and other systems (webhooks) leave through the outbox; every
  // process runs a worker, the leases in the table keep them from sending one message twice.
  const adapters = outboxAdaptersOf(env, handle.db, systemClock);
  const outbox = createOutboxWorker({ db: handle.db, clock: systemClock, adapters, onError: (err: unknown) => log.error({ err }, 'outbox round failed') });
  outbox.start();
  // A commit may have queued messages (a called SMS, webhooks): send them now rather than at the next poll.
  services.onCommitted(() => outbox.poke());
  console.info(`outbox: delivering ${adapters.map((a) => a.channel).join(', ')}${aliyunSmsConfigOf(env) ? '' : ' (no SMS account: ALIYUN_SMS_*; SMS stay queued)'}`);

  const dev = env.NODE_ENV === 'development';
  const app = next({ dev, dir: root, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const pages = app.getRequestHandler();

  const server = createHttpServer({
    services,
    pages: (req, res) => pages(req, res),
    secureCookies: env.secureCookies,
    trustProxy: env.TRUST_PROXY ?? false,
    publicUrl: env.PUBLIC_URL,
    allowedOrigins: env.ALLOWED_ORIGINS,
    metricsToken: env.METRICS_TOKEN,
    dev,
  });
  const realtime = await createRealtime(server, {
    services,
    redisUrl: env.REDIS_URL,
    allowedOrigins: env.ALLOWED_ORIGINS,
  });
  const sweep = startAppointmentSweep(services);
  server.listen(env.PORT, env.HOST, () => {
    console.info(`Hallboard listening on http://localhost:${env.PORT}`);
    void startupGuide(handle.db, env, env.PUBLIC_URL ?? `http://localhost:${env.PORT}`)
      .then((lines) => console.info(lines.join('\n')))
      .catch(() => undefined);
  });
  // parseEnv refuses DEMO_TRAFFIC outside demo mode; checked again here so it can never run on real data.
  let traffic: DemoTraffic | null = null;
  if (env.DEMO_TRAFFIC && env.demo) {
    traffic = createDemoTraffic({ services });
    traffic.start();
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweep);
    console.info(`${signal}: draining connections`);
    stopRollups();
    stopRetention();
    // The simulation stops first (its pass in progress finishes), then Socket.IO, which
    // closes the HTTP server too, after its in-flight requests.
    (traffic ? traffic.stop() : Promise.resolve())
      // The round in progress finishes and records its outcomes before the database closes.
      .then(() => outbox.stop())
      .then(() => realtime.close())
      .then(() => limitsRedis?.quit())
      .then(() => handle.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
