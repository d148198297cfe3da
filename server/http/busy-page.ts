import type { IncomingMessage, ServerResponse } from 'node:http';
import { en } from '../../messages/en';
import { zhCN } from '../../messages/zh-CN';
import { timedOut, withDeadline } from './deadline';

/** How long a readiness answer is trusted, so a burst of page loads costs one database round trip. */
const healthTtlMs = 1_000;
/** A ping slower than this counts as "the database is away": /readyz must answer within 1 s. */
export const pingDeadlineMs = 800;
/**
 * A page that has not started its answer after this long gets the busy page. Far above a normal
 * render (pages on a healthy database answer in tens of ms) so a busy machine never sees it; the
 * fast path during an outage is the readiness check before the render.
 */
export const pageDeadlineMs = 8_000;

/** A render still silent after this long makes the guard ask the database afresh. */
export const pageCheckMs = 1_000;

export interface DbHealth {
  /** Whether the database answered a ping within `pingDeadlineMs` (a success is kept `healthTtlMs`). */
  ready: () => Promise<boolean>;
  /** The same, asked now. */
  probe: () => Promise<boolean>;
}

export function createDbHealth(ping: () => Promise<void>, now: () => number = () => performance.now()): DbHealth {
  let known: { ok: boolean; at: number } | null = null;
  let probing: Promise<boolean> | null = null;
  function probe(): Promise<boolean> {
    probing ??= withDeadline(ping(), pingDeadlineMs, () => {})
      .then((r) => r !== timedOut, () => false)
      .then((ok) => {
        known = { ok, at: now() };
        probing = null;
        return ok;
      });
    return probing;
  }
  return {
    // Only a success is trusted for a while: a failure is asked again (one ping for every
    // caller meanwhile), so pages serve again as soon as the database is back.
    ready: () => (known?.ok && now() - known.at < healthTtlMs ? Promise.resolve(true) : probe()),
    probe,
  };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The 503 page, Chinese first: it reloads itself after a few seconds. */
export const busyPageHtml = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>${escape(zhCN.busy.title)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f5f7fa;color:#1f2937}
main{max-width:32rem;padding:2rem;text-align:center}h1{font-size:1.6rem;margin:0 0 1rem}p{line-height:1.6;margin:.5rem 0}
.en{color:#6b7280;font-size:.9rem;margin-top:1.5rem}a{display:inline-block;margin-top:1.25rem;padding:.75rem 1.5rem;border-radius:.5rem;background:#1d4ed8;color:#fff;text-decoration:none;font-size:1.1rem}</style>
</head><body><main><h1>${escape(zhCN.busy.title)}</h1><p>${escape(zhCN.busy.body)}</p>
<a href="">${escape(zhCN.busy.retry)}</a>
<p class="en" lang="en">${escape(en.busy.title)}. ${escape(en.busy.body)}</p></main></body></html>`;

export function sendBusyPage(res: ServerResponse): void {
  res.statusCode = 503;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('retry-after', '5');
  res.end(busyPageHtml);
}

/** Next's own files (scripts, styles, images) and static files are served without the database. */
function isPage(path: string): boolean {
  if (path.startsWith('/_next/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Pages reach the services through the registry and would fail with Next's 500 page (or wait
 * on the pool) while the database is away: they get the busy page with 503 instead, at once
 * when the last readiness check failed, and after `pageDeadlineMs` if a render hangs.
 */
export function guardPages(
  pages: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  health: DbHealth,
  deadlineMs = pageDeadlineMs,
): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  return async (req, res, path) => {
    if (!isPage(path)) return pages(req, res);
    if (!(await health.ready())) return sendBusyPage(res);
    const guard = holdServerErrors(res, health);
    const giveUp = () => {
      if (res.headersSent || res.writableEnded) return;
      guard.sendBusy();
      // The render goes on and will try to answer too: what it writes now goes nowhere.
      res.setHeader = () => res;
    };
    // A render waiting on a database that went away after the last check (its queries wait in
    // the pool while it reconnects) is answered once a fresh check fails; a slow render on a
    // healthy database is left alone up to the deadline.
    const check = setTimeout(() => {
      if (res.headersSent || res.writableEnded) return;
      void health.probe().then((ok) => ok || giveUp());
    }, Math.min(pageCheckMs, deadlineMs));
    const timer = setTimeout(giveUp, deadlineMs);
    check.unref();
    timer.unref();
    // On close, not when the handler returns: a streamed render returns before it has answered.
    res.once('close', () => {
      clearTimeout(check);
      clearTimeout(timer);
    });
    try {
      await pages(req, res);
    } catch (error) {
      // The readiness answer is up to a second old: a render that fails on the database in the
      // meantime gets the same busy page, not an error page.
      console.error('page failed', path, error);
      if (!res.headersSent) guard.sendBusy();
      else res.end();
    }
  };
}

type Deferred = { method: 'writeHead' | 'write' | 'end'; args: unknown[] };

/**
 * Next catches a render that fails on the database itself and answers its own 500 page: the
 * readiness answer the guard trusted is up to a second old, so the first pages after the
 * database went away would be 500s. A response about to start with a 5xx is held, the database
 * asked afresh, and the busy page sent instead when it is away; otherwise what was held goes
 * out unchanged. The wrappers stay in place and only change mode: Next's compression wraps
 * them in turn, and putting the originals back would cut it out of the response.
 */
function holdServerErrors(res: ServerResponse, health: DbHealth): { sendBusy: () => void } {
  const original = { writeHead: res.writeHead.bind(res), write: res.write.bind(res), end: res.end.bind(res) };
  // Node's own end and write call this.writeHead (implicit headers): calls made while one of
  // ours runs go straight through.
  let inside = false;
  const invoke = (method: Deferred['method'], args: unknown[]) => {
    const outer = inside;
    inside = true;
    try {
      return (original[method] as (...a: unknown[]) => unknown)(...args);
    } finally {
      inside = outer;
    }
  };
  let mode: 'open' | 'pass' | 'held' | 'closed' = 'open';
  const held: Deferred[] = [];

  function sendBusy() {
    mode = 'closed';
    if (res.headersSent || res.writableEnded) return;
    for (const name of ['content-length', 'content-encoding', 'etag', 'transfer-encoding', 'vary']) res.removeHeader(name);
    res.statusCode = 503;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('retry-after', '5');
    // The headers are written here, straight: Node's end() would call the outermost writeHead,
    // where Next's compression (on-headers) adds Content-Encoding: gzip to a page it never
    // compresses (Chromium then shows its own empty "HTTP ERROR 503").
    invoke('writeHead', [503]);
    invoke('end', [busyPageHtml]);
  }

  const wrap = (method: Deferred['method']) =>
    function (this: ServerResponse, ...args: unknown[]) {
      if (mode === 'pass' || inside) return invoke(method, args);
      if (mode === 'open') {
        const status = method === 'writeHead' && typeof args[0] === 'number' ? args[0] : res.statusCode;
        if (status < 500 || res.headersSent) {
          mode = 'pass';
          return invoke(method, args);
        }
        mode = 'held';
        void health.probe().then((ok) => {
          if (mode !== 'held') return; // the deadline answered meanwhile
          if (!ok) return sendBusy();
          mode = 'pass';
          for (const call of held.splice(0)) invoke(call.method, call.args);
        });
      }
      // Held until the database has answered, or dropped once the busy page went out.
      if (mode === 'held') held.push({ method, args });
      return method === 'write' ? true : res;
    };
  res.writeHead = wrap('writeHead') as ServerResponse['writeHead'];
  res.write = wrap('write') as ServerResponse['write'];
  res.end = wrap('end') as ServerResponse['end'];
  return { sendBusy };
}
