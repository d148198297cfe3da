'use client';

import { format, rich } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { DisplaySnapshot } from '@/server/contracts/api';
import { DisplayClock } from './display-clock';
import { useMessages } from './i18n';
import { useLiveSnapshot } from './use-live';

type Counter = DisplaySnapshot['counters'][number];

const recentShown = 7;

/** Columns for the counter grid: as square as the right-hand area allows. */
function counterColumns(n: number): number {
  if (n <= 4) return 2;
  if (n <= 6) return 3;
  if (n <= 12) return 4;
  if (n <= 15) return 5;
  return 6;
}

/** Names usually repeat the number ("1号综合窗口"); the card shows the number already. */
function nameWithoutNumber(counter: Counter): string {
  const stripped = counter.name.replace(new RegExp(`^${counter.number}\\s*号\\s*`), '');
  return stripped || counter.name;
}

function CounterCard({ counter }: { counter: Counter }) {
  const t = useMessages();
  const state = counter.status !== 'open' ? counter.status : counter.serving ? 'serving' : 'idle';
  return (
    <li className={`display-counter is-${state}`} data-testid={`display-counter-${counter.number}`}>
      <div className="display-counter-head">
        <span className="display-counter-number tabular">{format(t.display.toCounter, { counter: counter.number })}</span>
        <span className="display-counter-name">{nameWithoutNumber(counter)}</span>
      </div>
      <div className="display-counter-body tabular">
        {state === 'serving' && counter.serving
          ? counter.serving.number
          : state === 'paused'
            ? t.display.paused
            : state === 'closed'
              ? t.display.closed
              : t.display.idle}
      </div>
    </li>
  );
}

export function DisplayBoard({ hall, initial }: { hall: string; initial: DisplaySnapshot }) {
  const t = useMessages();
  const live = useLiveSnapshot(hall, initial);
  const snapshot = live.data;
  const latest = snapshot.recentCalls[0];
  const columns = counterColumns(snapshot.counters.length);
  const rows = Math.max(1, Math.ceil(snapshot.counters.length / columns));

  return (
    <div className={`display${live.failing ? ' is-stale' : ''}`} data-testid="display">
      <header className="display-head">
        <h1 className="display-hall">{snapshot.hall.name}</h1>
        {live.failing ? (
          <p className="display-offline" role="status" data-testid="display-offline">
            {t.display.reconnecting}
          </p>
        ) : null}
        <DisplayClock />
      </header>

      <div className="display-main">
        <div className="display-left">
          <section className="display-call" aria-live="polite" aria-labelledby="display-call-title">
            <h2 id="display-call-title" className="display-label">
              {t.display.nowCalling}
            </h2>
            {latest ? (
              <div key={latest.seq} className="display-call-body is-new">
                <p className="display-call-number tabular" data-testid="display-latest-number">
                  {latest.number}
                </p>
                <p className="display-call-counter tabular">
                  <span className="display-arrow" aria-hidden="true">
                    →
                  </span>
                  <span>
                    {rich(t.display.toCounter, {
                      counter: (
                        <span className="display-call-counter-number" data-testid="display-latest-counter">
                          {latest.counterNumber}
                        </span>
                      ),
                    })}
                  </span>
                </p>
                <p className="sr-only">{format(t.display.callPhrase, { number: latest.number, counter: latest.counterNumber })}</p>
              </div>
            ) : (
              <p className="display-call-none">{t.display.noCalls}</p>
            )}
          </section>

          <section className="display-recent" aria-labelledby="display-recent-title">
            <h2 id="display-recent-title" className="display-label">
              {t.display.recent}
            </h2>
            <ol className="display-recent-list" data-testid="display-recent">
              {snapshot.recentCalls.slice(0, recentShown).map((call, i) => (
                <li key={call.seq} className={i === 0 ? 'is-latest' : undefined}>
                  <span className="recent-number tabular">{call.number}</span>
                  <span className="recent-counter tabular">{format(t.display.toCounter, { counter: call.counterNumber })}</span>
                  <span className="recent-time tabular">{shortTime(call.at)}</span>
                </li>
              ))}
            </ol>
          </section>
        </div>

        <div className="display-right">
          <section className="display-counters" aria-labelledby="display-counters-title">
            <h2 id="display-counters-title" className="display-label">
              {t.display.counters}
            </h2>
            <ul
              className="display-counter-grid"
              style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}
            >
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
                    {s.name}
                  </span>
                  <span className="display-service-count tabular">{format(t.display.waitingCount, { n: s.waiting })}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
