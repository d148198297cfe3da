import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DbVerdict } from './checks';
import type { DatabaseOutage } from './faults';
import type { Attempt } from './load';
import { type TruthSample, percentile } from './truth';

/** The chaos run's figures, printed and written as the `bench:chaos` section of BENCHMARKS.md. */
export interface ChaosSummary {
  date: Date;
  command: string;
  loadAtStart: number[];
  seconds: number;
  kills: number;
  killsSurvived: number;
  restartMs: number[];
  backendsKilled: number[];
  redisOutageS: number;
  outageS: number;
  commandsPerMinute: number;
  attempts: number;
  retried: number;
  verdict: DbVerdict;
  truth: TruthSample[];
  truthByFault: Array<{ label: string; n: number; p95: number; max: number }>;
  outage: DatabaseOutage;
  /** Load attempts sent while the database was away. */
  outageAttempts: Attempt[];
  unexpectedExits: number;
  uncaughtLogged: number;
  serverErrors: number;
  finalMismatches: number;
  screens: { tvs: number; phones: number };
}

const fmtMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'never (over the window)');
const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

function machine(): string {
  const cpu = cpus()[0]?.model.trim().split(/\s+/).slice(0, 2).join(' ') ?? 'unknown CPU';
  let pg = '';
  try {
    pg = execFileSync('/usr/lib/postgresql/15/bin/postgres', ['--version'], { encoding: 'utf8' }).trim().replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ');
  } catch {
    pg = 'PostgreSQL 15';
  }
  let redis = '';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1] ?? '';
  } catch {
    redis = '?';
  }
  const kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${kernel}, Node ${process.version}, ${pg}, Redis ${redis}`;
}

export function loadAverage(): number[] {
  return loadavg();
}

export function render(s: ChaosSummary): string {
  const v = s.verdict;
  const all = s.truth.map((t) => t.ms);
  const tv = s.truth.filter((t) => t.kind === 'tv').map((t) => t.ms);
  const phone = s.truth.filter((t) => t.kind === 'phone').map((t) => t.ms);
  const p95 = percentile(all, 95);
  const max = Math.max(...all);
  const o = s.outage;
  const during = o.probes.filter((p) => p.at >= o.stoppedAt && p.at < o.backAt);
  const maxOf = (xs: Array<{ ms: number }>) => (xs.length ? Math.max(...xs.map((x) => x.ms)) : NaN);
  const statuses = (xs: Array<{ status: number }>) => {
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x.status, (counts.get(x.status) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${n}× ${k === 0 ? 'no answer' : k}`).join(', ');
  };
  const readyz = during.filter((p) => p.what === 'readyz');
  const api = during.filter((p) => p.what === 'api');
  const page = during.filter((p) => p.what === 'page');
  const everyAnswer = [...during, ...s.outageAttempts];
  const outageMax = maxOf(everyAnswer);
  const unanswered = everyAnswer.filter((x) => x.status === 0).length;
  const recovery = o.serviceBackAt - o.backAt;
  const lostDoubled = v.lost.length + v.doubled.length;
  const busyPage = page.some((p) => p.status === 503 && (p.body ?? '').includes('系统繁忙'));
  const lines = [
    '<!-- bench:chaos:start -->',
    '## Fault run: crashes, a database outage, killed backends, Redis away (`npm run chaos`)',
    '',
    'Loopback only, on a PostgreSQL cluster and a Redis of the run\'s own (created and removed by the script; the shared cluster is never touched). Two Hallboard processes (the built app, demo halls, `REDIS_URL`) share them; the load sends about 200 commands a minute over both: 取号 on the phone channel, each with its own phone number, and clerks c01–c05 calling, starting and completing; every command carries an Idempotency-Key and is retried with it on the other process until answered, and some are sent twice at once. TVs (/display, the pages\' HallStream) and phones (/ticket, the ticket page\'s rules) on both processes record what they show and when. Time to truth: from each recovery (the killed process answering /readyz again; both processes serving again after the database; the backends killed; Redis back) until a connected screen shows at least the database\'s state at that instant (the hall\'s seq on a TV, its ticket\'s version on a phone).',
    '',
    `- Date: ${s.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- Machine: ${machine()}`,
    `- Command: ${s.command}`,
    `- Load average at start: ${s.loadAtStart.map((x) => x.toFixed(2)).join(' / ')}`,
    `- Run: ${s.seconds.toFixed(0)} s; ${s.screens.tvs} TV sockets and ${s.screens.phones} phone sockets over the run (10 phones open at a time a process).`,
    `- Faults survived: ${s.killsSurvived} of ${s.kills} SIGKILLs (restart to /readyz p50 ${fmtS(percentile(s.restartMs, 50))}, max ${fmtS(Math.max(...s.restartMs))}), PostgreSQL stopped ${s.outageS} s, pg_terminate_backend of every app backend ${s.backendsKilled.length}× (${s.backendsKilled.join(', ')} backends), Redis stopped ${s.redisOutageS} s; ${s.unexpectedExits} unplanned process exits, ${s.uncaughtLogged} uncaught errors logged, ${s.serverErrors} answers 500 to the load's commands and ${during.filter((p) => p.status === 500).length} to the outage's probes (below).`,
    `- Commands: ${v.acknowledged} acknowledged (${s.commandsPerMinute.toFixed(0)} a minute), ${s.attempts} attempts, ${v.retriedKeys} answered after a retry or a double send; ${v.unanswered} never answered; refused: ${Object.entries(v.refused).map(([k, n]) => `${n}× ${k}`).join(', ') || 'none'}.`,
    `- In the database (${v.ticketsInDb} tickets, ${v.eventsInDb} events): **${v.lost.length} lost, ${v.doubled.length} doubled**; numbers gapless per service and day: ${v.numberGaps.length === 0 ? 'yes' : `no (${v.numberGaps.join('; ')})`}; event seqs gapless per hall: ${v.seqGaps.length === 0 ? 'yes' : `no (${v.seqGaps.join('; ')})`}; tickets called twice: ${v.calledTwice}; retried keys with one effect and one answer: ${v.keysWithOneEffect} of ${v.retriedKeys} (${v.differentAnswers} keys with differing answers).`,
    ...[...v.lost, ...v.doubled].slice(0, 5).map((x) => `  - ${x}`),
    `- Screens at the end, against the database: ${s.finalMismatches} not showing the truth.`,
    '',
    '| time to truth after a recovery | n | p50 | p95 | max |',
    '|---|---|---|---|---|',
    `| every screen | ${all.length} | ${fmtMs(percentile(all, 50))} | **${fmtMs(p95)}** | **${fmtMs(max)}** |`,
    `| hall TVs | ${tv.length} | ${fmtMs(percentile(tv, 50))} | ${fmtMs(percentile(tv, 95))} | ${fmtMs(Math.max(...tv))} |`,
    `| phones | ${phone.length} | ${fmtMs(percentile(phone, 50))} | ${fmtMs(percentile(phone, 95))} | ${fmtMs(Math.max(...phone))} |`,
    ...s.truthByFault.map((f) => `| — after ${f.label} | ${f.n} | | ${fmtMs(f.p95)} | ${fmtMs(f.max)} |`),
    '',
    `| while PostgreSQL was stopped (${fmtS(o.backAt - o.stoppedAt)}) | n | answers | max |`,
    '|---|---|---|---|',
    `| \`/readyz\` | ${readyz.length} | ${statuses(readyz)} | ${fmtMs(maxOf(readyz))} |`,
    `| API read (\`GET /api/v1/halls/{hall}\`) | ${api.length} | ${statuses(api)} | ${fmtMs(maxOf(api))} |`,
    `| page (\`/h/{hall}\`) | ${page.length} | ${statuses(page)}${busyPage ? ' (系统繁忙，请稍后再试)' : ''} | ${fmtMs(maxOf(page))} |`,
    `| the load's commands | ${s.outageAttempts.length} | ${statuses(s.outageAttempts)} | ${fmtMs(maxOf(s.outageAttempts))} |`,
    '',
    `- Database back → both processes serving (\`/readyz\` 200, polled every 100 ms): **${fmtS(recovery)}**.`,
    `- Goals (issue 15): 0 acknowledged commands lost or doubled over ≥ 10 kills, the outage and the backend kills — ${met(lostDoubled === 0 && s.killsSurvived >= 10 && v.numberGaps.length + v.seqGaps.length + v.calledTwice === 0)} (${v.lost.length} lost, ${v.doubled.length} doubled, ${s.killsSurvived} kills); every request during the outage answered in ≤ 2 s — ${met(outageMax <= 2000 && unanswered === 0)} (max ${fmtMs(outageMax)}, ${unanswered} unanswered; \`/readyz\` ≤ 1 s: ${met(maxOf(readyz) <= 1000)}); service back ≤ 5 s after the database — ${met(recovery <= 5000)} (${fmtS(recovery)}); every screen true ≤ 3 s after each recovery (p95), none later than 5 s — ${met(p95 <= 3000 && max <= 5000)} (p95 ${fmtMs(p95)}, max ${fmtMs(max)}).`,
    '<!-- bench:chaos:end -->',
  ];
  return lines.join('\n');
}

/** Replaces the section between its markers, or appends it. */
export function writeSection(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf('<!-- bench:chaos:start -->');
  const end = text.indexOf('<!-- bench:chaos:end -->');
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + '<!-- bench:chaos:end -->'.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
