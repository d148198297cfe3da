'use client';

import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { PendingRefusal } from '@/server/contracts/governance';
import { useMessages } from '../i18n';

/** A visit's events, oldest first: what happened before it reached the duty leader. */
export function VisitHistory({ ticket }: { ticket: PendingRefusal['ticket'] }) {
  const t = useMessages();
  return (
    <details className="duty-history" data-testid="duty-history">
      <summary>
        {t.duty.history} · {ticket.number} · {ticket.serviceName}
      </summary>
      <ol>
        {ticket.history.map((h) => (
          <li key={h.seq}>
            <span className="tabular">{shortTime(h.at)}</span> {t.duty.events[h.type] ?? t.conditional.events[h.type] ?? h.type}
            {h.counterNumber === null ? null : <span className="muted"> · {format(t.duty.atCounter, { counter: h.counterNumber })}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
