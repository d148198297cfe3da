import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createDbHealth, guardPages, pingDeadlineMs } from './http/busy-page';
import { timedOut, withDeadline } from './http/deadline';
import { errorReply } from './http/router';
import { apiRoutes } from './http/api-routes';
import { createMetrics } from './http/metrics';
import { buildOpenApi } from './http/openapi';
import { clientInfo, createRouter } from './http/router';
import { trustedOrigins } from './http/same-origin';
import { applyPagePolicy, metricsAllowed, setSecurityHeaders, socketOrigins } from './http/security-headers';
import type { Services } from './services';

export type PageHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface AppOptions {
  services: Services;
  /** Next.js's request handler; tests of the API run without it. */
  pages?: PageHandler;
  secureCookies?: boolean;
  /** Behind one reverse proxy: take the client's address from X-Forwarded-For (rate limits). */
  trustProxy?: boolean;
  /** PUBLIC_URL and ALLOWED_ORIGINS: origins besides the server's own whose pages may send commands. */
  publicUrl?: string | undefined;
  allowedOrigins?: readonly string[];
  /** METRICS_TOKEN: lets a scraper that is not on this machine read /metrics. */
  metricsToken?: string | undefined;
  /** The API's request deadline (server/http/deadline.ts); overload tests raise it. */
  requestDeadlineMs?: number;
  /** `next dev`: the pages' script policy allows eval for its refresh runtime. */
  dev?: boolean;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * One HTTP server: the JSON API, health and metrics are answered here, before
 * Next.js, so they share the process's single set of services; pages go to Next.
 */
export function createHttpServer({
  services,
  pages,
  secureCookies = false,
  trustProxy = false,
  publicUrl,
  allowedOrigins = [],
  metricsToken,
  requestDeadlineMs,
  dev = false,
}: AppOptions): Server {
  const metrics = createMetrics();
  services.onCommitted(metrics.onCommitted);
  const health = createDbHealth(() => services.ping());
  const router = createRouter(apiRoutes, () => services, {
    secureCookies,
    trustProxy,
    trusted: trustedOrigins(publicUrl, allowedOrigins),
    deadlineMs: requestDeadlineMs,
    databaseAnswers: health.probe,
    publicUrl,
  });
  const openapi = JSON.stringify(buildOpenApi(apiRoutes));
  const guardedPages = pages ? guardPages(pages, health) : null;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    setSecurityHeaders(res, path, secureCookies);
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      // Within 1 s, whatever the database does: a load balancer must not wait on a dead one.
      const answered = await withDeadline(services.ping(), pingDeadlineMs).then((r) => r !== timedOut, () => false);
      if (answered) return sendJson(res, 200, { status: 'ready' });
      const { status, body } = errorReply('UNAVAILABLE', 'The database is not reachable');
      return sendJson(res, status, body);
    }
    if (path === '/metrics') {
      if (!metricsAllowed(req, clientInfo(req, trustProxy).ip, metricsToken)) {
        const { status, body } = errorReply('FORBIDDEN', 'Metrics are served to this machine or with the metrics token');
        return sendJson(res, status, body);
      }
      res.setHeader('content-type', metrics.registry.contentType);
      return res.end(await metrics.registry.metrics());
    }
    if (path === '/api/v1/openapi.json') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      return res.end(openapi);
    }
    if (path.startsWith('/api/')) {
      const started = process.hrtime.bigint();
      const handled = await router.handle(req, res, (route, status) => {
        metrics.observeRequest(req.method ?? 'GET', route, status, Number(process.hrtime.bigint() - started) / 1e9);
      });
      if (!handled) {
        const { status, body } = errorReply('NOT_FOUND', 'No such API endpoint');
        sendJson(res, status, body);
      }
      return;
    }
    if (guardedPages) {
      // Whatever Next answers (a page, the busy page in its place, its own files) gets a fresh
      // nonce and the pages' script policy.
      applyPagePolicy(req, res, path, { dev, socketOrigins: socketOrigins(req.headers.host, publicUrl) });
      return guardedPages(req, res, path);
    }
    const { status, body } = errorReply('NOT_FOUND', 'Not found');
    sendJson(res, status, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('unhandled request error', error);
      if (!res.headersSent) {
        const { status, body } = errorReply('UNAVAILABLE', 'The server could not complete the request');
        sendJson(res, status, body);
      } else {
        res.end();
      }
    });
  });
  // Node closes an idle kept-alive connection after 5 s; a client (or nginx's upstream pool,
  // whose idle limit is 60 s) sending on it at that instant gets ECONNRESET or a 502. Keep idle
  // connections longer than the clients and proxies in front do, and headers just longer still.
  server.keepAliveTimeout = idleKeepAliveMs;
  server.headersTimeout = idleKeepAliveMs + 1_000;
  return server;
}

/** How long an idle kept-alive connection stays open (longer than nginx's 60 s upstream default). */
export const idleKeepAliveMs = 65_000;
