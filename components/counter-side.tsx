'use client';

import { format } from '@/lib/i18n';
import { minutesSince } from '@/lib/time';
import type { CounterState } from '@/server/contracts/api';
import { useMessages } from './i18n';

interface Props {
  state: CounterState;
  /** Reference time for "waited N min"; null before the page is live (keeps hydration stable). */
  now: number | null;
  canReturn: boolean;
  busy: string | null;
  onReturn: (ticketId: string) => void;
}

/** The right-hand column of the console: the queue in call order, then parked tickets. */
export function CounterSide({ state, now, canReturn, busy, onReturn }: Props) {
  const t = useMessages();
  return (
    <aside className="console-side">
      <section className="card side-card" aria-labelledby="queue-title">
        <div className="side-head">
          <h2 id="queue-title">{t.counter.queue}</h2>
          <span className="muted tabular" data-testid="queue-count">
            {format(t.counter.queueCount, { n: state.queue.length })}
          </span>
        </div>
        {state.queue.length === 0 ? (
          <p className="muted side-empty">{t.counter.queueEmpty}</p>
        ) : (
          <ol className="queue-list" data-testid="queue-list">
            {state.queue.map((item, i) => (
              <li key={item.id} className={`queue-item lane-${item.lane}`}>
                <span className="queue-pos tabular">{i + 1}</span>
                <span className="queue-number tabular">{item.number}</span>
                <span className="queue-service">{item.serviceName}</span>
                <span className="queue-tags">
                  {item.priorityClass !== 'normal' ? <span className="tag tag-priority">{t.counter.priority[item.priorityClass]}</span> : null}
                  {item.lane === 'aged' ? <span className="tag tag-aged">{t.counter.lane.aged}</span> : null}
                </span>
                <span className="queue-waited muted tabular">
                  {now === null ? '' : format(t.counter.waited, { m: minutesSince(item.queuedAt, now) })}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card side-card" aria-labelledby="parked-title">
        <div className="side-head">
          <h2 id="parked-title">{t.counter.parked}</h2>
        </div>
        {state.parked.length === 0 ? (
          <p className="muted side-empty">{t.counter.parkedEmpty}</p>
        ) : (
          <ul className="parked-list" data-testid="parked-list">
            {state.parked.map((ticket) => (
              <li key={ticket.id} className="parked-item">
                <span className="queue-number tabular">{ticket.number}</span>
                <span className="queue-service">{ticket.serviceName}</span>
                <button
                  type="button"
                  className="btn btn-small btn-secondary"
                  data-testid={`btn-return-${ticket.number}`}
                  aria-label={`${t.counter.actions.return} ${ticket.number}`}
                  disabled={!canReturn || busy !== null}
                  onClick={() => onReturn(ticket.id)}
                >
                  {t.counter.actions.return}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
