import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommittedEvent } from '../services/events';

/** One registry per app instance, so tests running several servers do not share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'hallboard_http_request_duration_seconds',
    help: 'API request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const events = new Counter({
    name: 'hallboard_events_total',
    help: 'Committed hall events by type',
    labelNames: ['type'],
    registers: [registry],
  });
  return {
    registry,
    observeRequest: (method: string, route: string, status: number, seconds: number) =>
      requests.observe({ method, route, status: String(status) }, seconds),
    onCommitted: (committed: CommittedEvent[]) => {
      for (const e of committed) events.inc({ type: e.type });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
