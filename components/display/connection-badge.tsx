'use client';

import { format } from '@/lib/i18n';
import { clockTime } from '@/lib/time';
import { useMessages } from '../i18n';

/** Said whenever the screen may be out of date: the last state stays, with its time. */
export function ConnectionBadge({ failing, since, className }: { failing: boolean; since: number | null; className: string }) {
  const t = useMessages();
  if (!failing) return null;
  return (
    <p className={className} role="status" data-testid="display-offline">
      <span className="connection-badge-dot" aria-hidden="true" />
      <span>{t.display.reconnecting}</span>
      {since !== null ? <span className="connection-badge-since tabular">{format(t.display.staleSince, { time: clockTime(since) })}</span> : null}
    </p>
  );
}
