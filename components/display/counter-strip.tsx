'use client';

import { rich } from '@/lib/i18n';
import type { DisplaySnapshot } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { ConnectionBadge } from './connection-badge';
import { counterLook, counterName } from './counter-card';
import { UrgentBanner } from './urgent-banner';
import { useDisplayFeed } from './use-display-feed';
import { useKiosk } from './use-kiosk';

export interface CounterStripProps {
  hall: string;
  counterNumber: number;
  initial: DisplaySnapshot;
  serverNow: number;
  deviceKey?: string | undefined;
}

/**
 * The LED/LCD strip above one counter (窗口屏), 4:1 (1280×320, 640×160): the counter's
 * number and name on the left, the ticket it serves (or why it serves none) on the right.
 */
export function CounterStrip({ hall, counterNumber, initial, serverNow, deviceKey }: CounterStripProps) {
  const t = useMessages();
  const { live } = useDisplayFeed(hall, initial, { deviceKey, serverNow });
  const cursorHidden = useKiosk();
  const counter = live.data.counters.find((c) => c.number === counterNumber);
  if (!counter) return null;
  const look = counterLook(counter);
  const classes = ['strip', 'display-screen', `is-${look}`];
  if (live.failing) classes.push('is-stale');
  if (cursorHidden) classes.push('is-cursor-hidden');

  return (
    <main className={classes.join(' ')} data-testid="strip" data-state={look} data-connection={live.connection}>
      <div className="strip-counter">
        <h1 className="strip-counter-title">
          {rich(t.display.toCounter, {
            counter: (
              <span className="strip-counter-number tabular" data-testid="strip-counter-number">
                {counter.number}
              </span>
            ),
          })}
        </h1>
        <p className="strip-counter-name" data-testid="strip-counter-name">
          {counterName(counter)}
        </p>
      </div>
      <div className="strip-body" aria-live="polite">
        {look === 'serving' && counter.serving ? (
          <div key={counter.serving.number} className="strip-serving is-new">
            <p className="strip-label">{t.display.strip.serving}</p>
            <p className="strip-ticket tabular" data-testid="strip-ticket">
              {counter.serving.number}
            </p>
          </div>
        ) : (
          <div className="strip-state">
            <p className="strip-state-text" data-testid="strip-state">
              {look === 'paused' ? t.display.paused : look === 'closed' ? t.display.closed : t.display.strip.idle}
            </p>
            {look === 'paused' && counter.pauseReason ? (
              <p className="strip-reason" data-testid="strip-reason">
                {counter.pauseReason}
              </p>
            ) : null}
          </div>
        )}
      </div>
      <UrgentBanner text={live.data.urgentNotice} className="strip-urgent" />
      <ConnectionBadge failing={live.failing} since={null} className="strip-offline" />
    </main>
  );
}
