import type { Counts, HallEvent, Snapshot } from '@/server/contracts/realtime';

const maxRecentCalls = 10;

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function adjustWaiting(state: Snapshot, serviceId: string | null, delta: number): Snapshot['services'] {
  if (!serviceId) return state.services;
  return state.services.map((s) => (s.id === serviceId ? { ...s, waiting: Math.max(0, s.waiting + delta) } : s));
}

function setServing(state: Snapshot, counterId: string | null, serving: { number: string } | null, onlyIf?: string) {
  return state.counters.map((c) => {
    if (c.id !== counterId) return c;
    if (onlyIf !== undefined && c.serving?.number !== onlyIf) return c;
    return { ...c, serving };
  });
}

/**
 * What one event changes on a hall screen. Waiting counts follow the events too, and
 * the coalesced counts push corrects them when it stands at the same seq.
 */
export function applyHallEvent(state: Snapshot, event: HallEvent): Snapshot {
  const d = event.data;
  const number = str(d.number);
  const counterId = str(d.counterId);
  const serviceId = str(d.serviceId);
  const next: Snapshot = { ...state, seq: event.seq };
  switch (event.type) {
    case 'ticket.issued':
    case 'ticket.rejoined':
      return { ...next, services: adjustWaiting(state, serviceId, 1) };
    case 'ticket.cancelled':
      return { ...next, services: adjustWaiting(state, serviceId, -1) };
    case 'ticket.called':
    case 'ticket.recalled': {
      const counterNumber = num(d.counterNumber);
      if (!number || counterNumber === null) return next;
      const fromQueue = event.type === 'ticket.called' && d.returned !== true;
      return {
        ...next,
        counters: setServing(state, counterId, { number }),
        services: fromQueue ? adjustWaiting(state, serviceId, -1) : state.services,
        recentCalls: [{ seq: event.seq, number, counterNumber, at: event.at }, ...state.recentCalls].slice(0, maxRecentCalls),
      };
    }
    case 'ticket.transferred':
      return {
        ...next,
        counters: number ? setServing(state, counterId, null, number) : state.counters,
        services: adjustWaiting(state, str(d.toServiceId), 1),
      };
    case 'ticket.completed':
    case 'ticket.no_show':
    case 'ticket.parked':
      return { ...next, counters: number ? setServing(state, counterId, null, number) : state.counters };
    case 'counter.updated':
      return {
        ...next,
        counters: state.counters.map((c) =>
          c.id === counterId
            ? {
                ...c,
                status: (str(d.status) as Snapshot['counters'][number]['status'] | null) ?? c.status,
                pauseReason: str(d.pauseReason),
              }
            : c,
        ),
      };
    default:
      return next;
  }
}

export function applyCounts(state: Snapshot, counts: Counts): Snapshot {
  const waiting = new Map(counts.services.map((s) => [s.id, s.waiting]));
  return { ...state, services: state.services.map((s) => ({ ...s, waiting: waiting.get(s.id) ?? s.waiting })) };
}
