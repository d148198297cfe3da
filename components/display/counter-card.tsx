'use client';

import { format } from '@/lib/i18n';
import type { DisplaySnapshot } from '@/server/contracts/api';
import { useMessages } from '../i18n';

export type DisplayCounter = DisplaySnapshot['counters'][number];
export type CounterLook = 'serving' | 'idle' | 'paused' | 'closed';

export function counterLook(counter: DisplayCounter): CounterLook {
  if (counter.status === 'paused') return 'paused';
  if (counter.status === 'closed') return 'closed';
  return counter.serving ? 'serving' : 'idle';
}

/** Names usually repeat the number ("1号综合窗口"); the screens show the number already. */
export function counterName(counter: Pick<DisplayCounter, 'name' | 'number'>): string {
  const stripped = counter.name.replace(new RegExp(`^${counter.number}\\s*号\\s*`), '');
  return stripped || counter.name;
}

/** One counter on the hall TV: the number it serves, or why it serves none. */
export function CounterCard({ counter }: { counter: DisplayCounter }) {
  const t = useMessages();
  const look = counterLook(counter);
  // A paused card with a reason says 暂停服务 where the name goes, so the reason has the body's
  // lines to itself: under the big state line it was cut off after half a line at 1080p.
  const reason = look === 'paused' ? counter.pauseReason : null;
  return (
    <li className={`display-counter is-${look}`} data-testid={`display-counter-${counter.number}`} data-state={look}>
      <div className="display-counter-head">
        {/* The number is what a citizen looks for from across the hall: it alone is drawn large. */}
        <span className="display-counter-number tabular" aria-label={format(t.display.toCounter, { counter: counter.number })}>
          {counter.number}
        </span>
        <span className="display-counter-label">
          <span className="display-counter-unit" aria-hidden="true">
            {t.display.counterUnit}
          </span>
          {reason ? (
            <span className="display-counter-state-line">{t.display.paused}</span>
          ) : (
            <span className="display-counter-name">{counterName(counter)}</span>
          )}
        </span>
      </div>
      <div className="display-counter-body">
        {look === 'serving' && counter.serving ? (
          <span className="display-counter-ticket tabular">{counter.serving.number}</span>
        ) : reason ? (
          <span className="display-counter-reason" data-testid={`display-counter-${counter.number}-reason`} title={reason}>
            {reason}
          </span>
        ) : look === 'paused' ? (
          <span className="display-counter-state">{t.display.paused}</span>
        ) : (
          <span className="display-counter-state">{look === 'closed' ? t.display.closed : t.display.idle}</span>
        )}
      </div>
    </li>
  );
}
