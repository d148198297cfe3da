/**
 * `npm run bench:pages`: the first-load JavaScript of the citizen's pages, as a phone gets it.
 *
 * Starts the production app (`scripts/start.mjs`: builds the pages when the build is stale)
 * on a fresh PGlite folder with the demo halls, takes a number for the ticket page, then
 * loads each page in Chromium at 390×844 with an empty cache and sums the gzip size of every
 * script response until the network is quiet (gzip level 6, what a server sends by default).
 * The same is measured for an App Router page that ships no component of its own (the
 * not-found page): the framework's floor in the same build, beside which the pages' own
 * weight shows (and which is why the hall home is a Pages Router page without runtime JS).
 * The result goes to BENCHMARKS.md; the exit status is 1 when a page is over its budget.
 *
 *   npm run bench:pages                       build if needed, measure, write BENCHMARKS.md
 *   npm run bench:pages -- --url http://…     measure an app that is already running
 *   npm run bench:pages -- --no-write         print only
 *   npm run bench:pages -- --iterations 500   requests per kind for the ticket page's refetch cost (200)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const budgetKB = 120;

const { values: flags } = parseArgs({
  options: {
    url: { type: 'string' },
    hall: { type: 'string', default: 'qiongshan' },
    'no-write': { type: 'boolean', default: false },
    iterations: { type: 'string', default: '200' },
    out: { type: 'string', default: path.join(root, 'BENCHMARKS.md') },
  },
});

const log = (line: string) => console.info(`[bench:pages] ${line}`);

interface Measured {
  name: string;
  path: string;
  scripts: number;
  rawBytes: number;
  /** Inline <script> text in the HTML (the home's own script; an App Router page's RSC payload). */
  inlineGzipBytes: number;
  gzipBytes: number;
  budget: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startApp(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hb-bench-pages-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_MODE: '1' };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`the app did not start:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // Still building or starting.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function ticketPath(url: string, hall: string): Promise<string> {
  const detail = (await (await fetch(`${url}/api/v1/halls/${hall}`)).json()) as { services: Array<{ id: string; kind: string }> };
  const service = detail.services.find((s) => s.kind === 'normal') ?? detail.services[0];
  if (!service) throw new Error(`hall ${hall} has no service`);
  const res = await fetch(`${url}/api/v1/halls/${hall}/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: service.id, channel: 'phone' }),
  });
  if (res.status !== 201) throw new Error(`taking a number failed: ${res.status} ${await res.text()}`);
  const { ticket } = (await res.json()) as { ticket: { token: string } };
  return `/t/${ticket.token}`;
}

async function measure(url: string, pages: Array<Omit<Measured, 'scripts' | 'rawBytes' | 'gzipBytes' | 'inlineGzipBytes'>>): Promise<Measured[]> {
  const browser = await chromium.launch(chromiumLaunch);
  const results: Measured[] = [];
  try {
    for (const page of pages) {
      // A fresh context per page: an empty cache, as on a first visit.
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const tab = await context.newPage();
      const bodies: Array<Promise<Buffer | null>> = [];
      tab.on('response', (response) => {
        if (response.request().resourceType() !== 'script') return;
        bodies.push(response.body().catch(() => null));
      });
      const response = await tab.goto(`${url}${page.path}`, { waitUntil: 'networkidle' });
      // The floor is the not-found page: its 404 is expected; a measured page must answer 200.
      const status = response?.status() ?? 0;
      if (page.budget ? status !== 200 : status !== 404) throw new Error(`${page.path} answered ${status || 'nothing'}`);
      const scripts = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
      const inline = await tab.evaluate(() =>
        Array.from(document.querySelectorAll('script:not([src])'))
          .map((s) => s.textContent ?? '')
          .join('\n'),
      );
      const inlineGzipBytes = inline ? gzipSync(Buffer.from(inline, 'utf8'), { level: 6 }).length : 0;
      results.push({
        ...page,
        scripts: scripts.length,
        rawBytes: scripts.reduce((n, b) => n + b.length, 0) + Buffer.byteLength(inline, 'utf8'),
        inlineGzipBytes,
        gzipBytes: scripts.reduce((n, b) => n + gzipSync(b, { level: 6 }).length, 0) + inlineGzipBytes,
      });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

interface Timing {
  name: string;
  path: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * What the ticket page costs the server on each change of a ticket: its script fetches the page
 * again (HTML, rendered on the server) where an App Router page would fetch the JSON view. Both
 * are requested one after the other from this process, `iterations` times each, interleaved.
 */
async function renderTimes(url: string, ticket: string, iterations: number): Promise<Timing[]> {
  const token = ticket.split('/').at(-1) ?? '';
  const targets = [
    { name: 'ticket page (HTML, what the script fetches)', path: ticket, accept: 'text/html' },
    { name: 'floor: the ticket view (JSON API)', path: `/api/v1/tickets/${token}`, accept: 'application/json' },
  ];
  const samples = targets.map(() => [] as number[]);
  for (let i = 0; i < iterations + 10; i += 1) {
    for (const [k, target] of targets.entries()) {
      const started = performance.now();
      const response = await fetch(`${url}${target.path}`, { headers: { accept: target.accept, 'accept-encoding': 'gzip' } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${target.path} answered ${response.status}`);
      // The first ten of each are warm-up.
      if (i >= 10) samples[k]?.push(performance.now() - started);
    }
  }
  return targets.map((target, k) => {
    const sorted = (samples[k] ?? []).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { name: target.name, path: target.path, n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  });
}

function machine(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const ram = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${os.cpus().length} cores (${model}), ${ram} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

const startMarker = '<!-- bench:pages:start -->';
const endMarker = '<!-- bench:pages:end -->';

function section(results: Measured[], timings: Timing[], command: string): string {
  const floor = results.find((r) => !r.budget);
  const lines = [
    startMarker,
    '## First-load JavaScript of the citizen pages (`npm run bench:pages`)',
    '',
    'Every script a phone downloads to show the page, from navigation until the network is quiet, plus the inline scripts of its HTML, in Chromium at 390×844 ' +
      'with an empty cache, against the production build; sizes are the scripts gzipped at level 6 (what a server sends ' +
      `by default). Budget: ≤ ${budgetKB} kB a page (issue 5). The floor is the App Router not-found page of the same ` +
      'build, which ships no component of its own: the React and Next.js client runtime and the root layout that every ' +
      'App Router page pays. Both citizen pages are Pages Router pages with `unstable_runtimeJS: false`: they ship none of ' +
      'that, only an inline script of their own (counted in the HTML, not as a script response) and, on the ticket page, ' +
      'the Socket.IO client that the Socket.IO server serves (`/socket.io/socket.io.min.js`).',
    '',
    `- Date: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `- Machine: ${machine()}`,
    `- Command: \`${command}\``,
    '',
    '| page | path | script files | raw | gzip (of which inline) | over the floor | budget |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const diff = floor && r !== floor ? r.gzipBytes - floor.gzipBytes : null;
      const over = diff === null ? '–' : `${diff >= 0 ? '+' : '−'}${kB(Math.abs(diff))} kB`;
      const verdict = r.budget ? (r.gzipBytes <= budgetKB * 1000 ? `met (≤ ${budgetKB} kB)` : `**missed** (> ${budgetKB} kB)`) : 'floor';
      return `| ${r.name} | \`${r.path.replace(/\/t\/[A-Za-z0-9_-]+$/, '/t/[token]')}\` | ${r.scripts} | ${kB(r.rawBytes)} kB | **${kB(r.gzipBytes)} kB** (${kB(r.inlineGzipBytes)} kB) | ${over} | ${verdict} |`;
    }),
    '',
    ...(floor && floor.gzipBytes > budgetKB * 1000
      ? [
          `- The App Router floor alone (${kB(floor.gzipBytes)} kB: React, the Next.js client runtime, and the RSC payload, ` +
            'which carries the page\'s message catalog from the root layout\'s I18nProvider) is over the budget, so no App ' +
            'Router page can meet it. A Pages Router page with React in the browser is no way out either: an empty one ' +
            'measured 114.9 kB in this build (by hand, 2026-11-28: React DOM and the Pages Router runtime), before any ' +
            'component of its own. Hence the citizen pages render on the server only and ship a script of their own.',
        ]
      : []),
    '',
    '### What a change of a ticket costs the server',
    '',
    'On each change of its own ticket (a `ticket` push: called, serving, completed, a command\'s answer; about three ' +
      'a visit, never on queue moves) the ticket page fetches itself again. Latency of that request beside the JSON ' +
      'view an App Router page would fetch instead, the floor, both from the same running app, one request at a time ' +
      `(${timings[0]?.n ?? 0} each, interleaved, after 10 of warm-up):`,
    '',
    '| request | p50 | p95 | p99 |',
    '|---|---|---|---|',
    ...timings.map(
      (t) => `| ${t.name} | ${t.p50.toFixed(1)} ms | ${t.p95.toFixed(1)} ms | ${t.p99.toFixed(1)} ms |`,
    ),
    ...(timings.length === 2 && timings[1] && timings[0] && timings[1].p50 > 0
      ? [``, `Ratio to the floor: p50 ${(timings[0].p50 / timings[1].p50).toFixed(2)}×, p95 ${(timings[0].p95 / timings[1].p95).toFixed(2)}×.`]
      : []),
    '',
    '- Shared floors: `/work/shared/bench/` holds floors for PostgreSQL and Socket.IO fan-out only; none measures page ' +
      'weight, so the same-build floor above (the framework alone) stands beside the figures instead.',
    endMarker,
  ];
  return lines.join('\n');
}

function write(out: string, text: string) {
  const existing = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n\nOne section per benchmark; each run of a benchmark replaces its section.\n';
  const s = existing.indexOf(startMarker);
  const e = existing.indexOf(endMarker);
  const next = s >= 0 && e > s ? existing.slice(0, s) + text + existing.slice(e + endMarker.length) : `${existing.trimEnd()}\n\n${text}\n`;
  writeFileSync(out, next);
  log(`results written to ${path.relative(root, out)}`);
}

async function main() {
  const app = flags.url ? { url: flags.url.replace(/\/$/, ''), stop: async () => {} } : await startApp();
  try {
    const hall = flags.hall ?? 'qiongshan';
    const ticket = await ticketPath(app.url, hall);
    const results = await measure(app.url, [
      { name: 'hall home', path: `/h/${hall}`, budget: true },
      { name: 'my ticket', path: ticket, budget: true },
      { name: 'floor: App Router not-found page', path: '/no-such-page-0', budget: false },
    ]);
    const timings = await renderTimes(app.url, ticket, Number(flags.iterations));
    for (const t of timings) log(`${t.name}: p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms`);
    for (const r of results) log(`${r.name} ${r.path}: ${r.scripts} script files, ${kB(r.rawBytes)} kB raw, ${kB(r.gzipBytes)} kB gzip (inline ${kB(r.inlineGzipBytes)} kB)`);
    const args = process.argv.slice(2).join(' ');
    if (!flags['no-write']) write(flags.out ?? path.join(root, 'BENCHMARKS.md'), section(results, timings, `npm run bench:pages${args ? ` -- ${args}` : ''}`));
    const over = results.filter((r) => r.budget && r.gzipBytes > budgetKB * 1000);
    if (over.length > 0) {
      log(`over the ${budgetKB} kB budget: ${over.map((r) => r.name).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
