'use client';

import { type CSSProperties, useRef } from 'react';
import { format, rich } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { DisplaySnapshot } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { ConnectionBadge } from './connection-badge';
import { CounterCard, counterName } from './counter-card';
import { DisplayClock } from './display-clock';
import { NoticesTicker } from './notices-ticker';
import { UrgentBanner } from './urgent-banner';
import { useDisplayFeed } from './use-display-feed';
import { useKiosk } from './use-kiosk';
import { type Voice, useVoice } from './use-voice';
import { VoiceIndicator, VoicePrompt } from './voice-prompt';

type RecentCall = DisplaySnapshot['recentCalls'][number];

/** Recent calls listed: the last eight distinct ones (the landscape TV shows five, large enough to read at 6 m). */
const recentShown = 8;

/** A recall repeats a call; the list shows each ticket at a counter once, at its latest call. */
export function distinctCalls(calls: readonly RecentCall[], limit = recentShown): RecentCall[] {
  const seen = new Set<string>();
  const out: RecentCall[] = [];
  for (const call of calls) {
    const key = `${call.number}@${call.counterNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(call);
    if (out.length === limit) break;
  }
  return out;
}

/** Columns of the counter grid, as square as the area allows (landscape: the right 64 %). */
export function counterColumns(n: number, orientation: 'landscape' | 'portrait'): number {
  if (orientation === 'portrait') return n <= 4 ? 2 : n <= 9 ? 3 : n <= 12 ? 4 : 5;
  if (n <= 4) return 2;
  if (n <= 6) return 3;
  if (n <= 12) return 4;
  if (n <= 15) return 5;
  return 6;
}

export interface DisplayBoardProps {
  hall: string;
  initial: DisplaySnapshot;
  serverNow: number;
  deviceKey?: string | undefined;
}

/** The hall TV (综合屏): the call, recent calls, every counter, waiting per service, notices. */
export function DisplayBoard({ hall, initial, serverNow, deviceKey }: DisplayBoardProps) {
  const t = useMessages();
  const voiceRef = useRef<Voice | null>(null);
  const { live, now } = useDisplayFeed(hall, initial, {
    deviceKey,
    serverNow,
    onEvent: (event) => voiceRef.current?.announce(event),
  });
  const snapshot = live.data;
  const voice = useVoice(snapshot.voice, now);
  voiceRef.current = voice;
  const cursorHidden = useKiosk();

  const latest = snapshot.recentCalls[0];
  const latestCounter = latest ? snapshot.counters.find((c) => c.number === latest.counterNumber) : undefined;
  const recent = distinctCalls(snapshot.recentCalls);
  const n = snapshot.counters.length;
  const columns = { landscape: counterColumns(n, 'landscape'), portrait: counterColumns(n, 'portrait') };
  const gridStyle = {
    '--cols': columns.landscape,
    '--rows': Math.max(1, Math.ceil(n / columns.landscape)),
    '--cols-portrait': columns.portrait,
    '--rows-portrait': Math.max(1, Math.ceil(n / columns.portrait)),
  } as CSSProperties;

  const classes = ['display', 'display-screen'];
  if (live.failing) classes.push('is-stale');
  if (cursorHidden) classes.push('is-cursor-hidden');
  if (snapshot.notices.length === 0) classes.push('has-no-notices');
  if (snapshot.urgentNotice) classes.push('has-urgent');

  return (
    <div className={classes.join(' ')} data-testid="display" data-connection={live.connection}>
      <header className="display-head">
        <h1 className="display-hall">{snapshot.hall.name}</h1>
        <ConnectionBadge failing={live.failing} since={live.updatedAt} className="display-offline" />
        <VoicePrompt voice={voice} />
        <VoiceIndicator voice={voice} />
        <DisplayClock />
      </header>
      <UrgentBanner text={snapshot.urgentNotice} className="display-urgent" />

      <main className="display-main">
        <section className="display-call" aria-labelledby="display-call-title">
          <h2 id="display-call-title" className="display-label">
            {t.display.nowCalling}
          </h2>
          {latest ? (
            <div key={latest.seq} className="display-call-body is-new" data-testid="display-call" data-seq={latest.seq}>
              <p className="display-call-number tabular" data-testid="display-latest-number">
                {latest.number}
              </p>
              <p className="display-call-counter">
                {rich(t.display.goTo, {
                  counter: (
                    <span className="display-call-counter-number tabular" data-testid="display-latest-counter">
                      {latest.counterNumber}
                    </span>
                  ),
                })}
              </p>
              {latestCounter ? (
                <p className="display-call-counter-name" data-testid="display-latest-counter-name">
                  {counterName(latestCounter)}
                </p>
              ) : null}
              <p className="sr-only" aria-live="polite">
                {format(t.display.callPhrase, { number: latest.number, counter: latest.counterNumber })}
              </p>
            </div>
          ) : (
            <div className="display-call-none">
              <p className="display-call-none-title">{t.display.noCalls}</p>
              <p className="display-call-none-hint">{t.display.noCallsHint}</p>
            </div>
          )}
        </section>

        <section className="display-recent" aria-labelledby="display-recent-title">
          <h2 id="display-recent-title" className="display-label">
            {t.display.recent}
          </h2>
          <ol className="display-recent-list" data-testid="display-recent">
            {recent.map((call, i) => (
              <li key={call.seq} className={i === 0 ? 'is-latest' : undefined}>
                <span className="recent-number tabular">{call.number}</span>
                <span className="recent-counter tabular">{format(t.display.toCounter, { counter: call.counterNumber })}</span>
                <span className="recent-time tabular">{shortTime(call.at)}</span>
              </li>
            ))}
          </ol>
        </section>

        <section className="display-counters" aria-labelledby="display-counters-title">
          <h2 id="display-counters-title" className="display-label">
            {t.display.counters}
          </h2>
          <ul className="display-counter-grid" style={gridStyle}>
            {snapshot.counters.map((c) => (
              <CounterCard key={c.id} counter={c} />
            ))}
          </ul>
        </section>

        <section className="display-waiting" aria-labelledby="display-waiting-title">
          <h2 id="display-waiting-title" className="display-label">
            {t.display.waiting}
          </h2>
          <ul className="display-service-grid">
            {snapshot.services.map((s) => (
              <li key={s.id} className="display-service" data-testid={`display-waiting-${s.prefix}`}>
                <span className="display-service-name">
                  <b className="display-service-prefix">{s.prefix}</b>
                  <span className="display-service-title">{s.name}</span>
                </span>
                <span className="display-service-count tabular">{format(t.display.waitingCount, { n: s.waiting })}</span>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <NoticesTicker notices={snapshot.notices} />
    </div>
  );
}
