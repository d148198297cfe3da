'use client';

import { useEffect, useRef } from 'react';
import { format } from '@/lib/i18n';
import { minutesSince } from '@/lib/time';
import type { CounterRefusal, CounterState } from '@/server/contracts/api';
import { useMessages } from '../i18n';

export type Cursor = { list: 'queue' | 'parked'; id: string } | null;

interface Props {
  state: CounterState;
  /** Reference time for "waited N min"; null before mount (keeps hydration stable). */
  now: number | null;
  cursor: Cursor;
  canCallChosen: boolean;
  canReturn: boolean;
  idle: boolean;
  onCallChosen: (ticketId: string) => void;
  onReturn: (ticketId: string) => void;
  onNoShowParked: (ticketId: string) => void;
  onSelect: (cursor: Cursor) => void;
}

/**
 * The right-hand column: the queue in the order call next takes it (the first row is the
 * next call), then the tickets parked at this counter. A row is selected with the arrow
 * keys or a click; its buttons are the mouse path to the same commands.
 */
export function QueueSide({ state, now, cursor, canCallChosen, canReturn, idle, onCallChosen, onReturn, onNoShowParked, onSelect }: Props) {
  const t = useMessages();
  const listRef = useRef<HTMLDivElement>(null);

  // Keep the keyboard's row in view as it moves.
  useEffect(() => {
    if (!cursor) return;
    listRef.current?.querySelector<HTMLElement>(`[data-row-id="${cursor.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const selected = (list: 'queue' | 'parked', id: string) => cursor?.list === list && cursor.id === id;

  return (
    <aside className="console-side" ref={listRef}>
      <section className="card side-card queue-card" aria-labelledby="queue-title">
        <div className="side-head">
          <h2 id="queue-title">{t.counter.queue}</h2>
          <span className="muted tabular" data-testid="queue-count">
            {format(t.counter.queueCount, { n: state.queue.length })}
          </span>
        </div>
        {state.queue.length === 0 ? (
          <p className="muted side-empty" data-testid="queue-empty">
            {t.counter.queueEmpty}
          </p>
        ) : (
          <ol className="queue-list" data-testid="queue-list" aria-label={t.counter.queue}>
            {state.queue.map((item, i) => (
              <li
                key={item.id}
                data-row-id={item.id}
                data-testid={`queue-item-${item.number}`}
                className={`queue-item lane-${item.lane}${i === 0 ? ' is-next' : ''}${selected('queue', item.id) ? ' is-selected' : ''}`}
                aria-current={selected('queue', item.id) ? 'true' : undefined}
                onClick={() => onSelect({ list: 'queue', id: item.id })}
              >
                <span className="queue-pos tabular">{i === 0 ? <span className="next-badge">{t.counter.nextUp}</span> : i + 1}</span>
                <span className="queue-number tabular">{item.number}</span>
                <span className="queue-main">
                  <span className="queue-service">
                    {item.serviceName}
                    {item.priorityClass !== 'normal' ? <span className="queue-class"> · {t.counter.priority[item.priorityClass]}</span> : null}
                  </span>
                  <span className="queue-waited muted tabular">{now === null ? '\u00a0' : format(t.counter.waited, { m: minutesSince(item.queuedAt, now) })}</span>
                </span>
                <span className="queue-tags">
                  {item.lane === 'priority' ? <span className="tag tag-priority">{t.counter.lane.priority}</span> : null}
                  {item.lane === 'aged' ? <span className="tag tag-aged">{t.counter.lane.aged}</span> : null}
                </span>
                <button
                  type="button"
                  className="btn btn-small btn-secondary queue-call"
                  data-testid={`btn-call-chosen-${item.number}`}
                  aria-label={`${t.counter.actions.callChosen} ${item.number}`}
                  disabled={!canCallChosen || !idle}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={(e) => {
                    e.stopPropagation();
                    onCallChosen(item.id);
                  }}
                >
                  {t.counter.actions.callChosen}
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card side-card parked-card" aria-labelledby="parked-title">
        <div className="side-head">
          <h2 id="parked-title">{t.counter.parked}</h2>
          {state.parked.length > 0 ? <span className="muted tabular">{format(t.counter.queueCount, { n: state.parked.length })}</span> : null}
        </div>
        {state.parked.length === 0 ? (
          <p className="muted side-empty">{t.counter.parkedEmpty}</p>
        ) : (
          <ul className="parked-list" data-testid="parked-list">
            {state.parked.map((ticket) => (
              <li
                key={ticket.id}
                data-row-id={ticket.id}
                data-testid={`parked-item-${ticket.number}`}
                className={`parked-item${selected('parked', ticket.id) ? ' is-selected' : ''}`}
                aria-current={selected('parked', ticket.id) ? 'true' : undefined}
                onClick={() => onSelect({ list: 'parked', id: ticket.id })}
              >
                <span className="queue-number tabular">{ticket.number}</span>
                <span className="queue-main">
                  <span className="queue-service">{ticket.serviceName}</span>
                  <ParkedRefusal refusal={state.refusals.find((r) => r.ticketId === ticket.id && r.status !== 'approved') ?? null} />
                </span>
                <button
                  type="button"
                  className="btn btn-small btn-secondary"
                  data-testid={`btn-return-${ticket.number}`}
                  aria-label={`${t.counter.actions.return} ${ticket.number}`}
                  disabled={!canReturn || !idle}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={(e) => {
                    e.stopPropagation();
                    onReturn(ticket.id);
                  }}
                >
                  {t.counter.actions.return}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-outline-danger"
                  data-testid={`btn-no-show-${ticket.number}`}
                  aria-label={`${t.counter.actions.noShow} ${ticket.number}`}
                  disabled={!idle}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={(e) => {
                    e.stopPropagation();
                    onNoShowParked(ticket.id);
                  }}
                >
                  {t.counter.actions.noShow}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}

/** Why a parked ticket is parked, when a refusal request set it aside: pending, or denied with the next step. */
function ParkedRefusal({ refusal }: { refusal: CounterRefusal | null }) {
  const t = useMessages();
  if (!refusal) return null;
  return (
    <span className={`parked-refusal is-${refusal.status}`} data-testid="parked-refusal" data-status={refusal.status}>
      {refusal.status === 'pending' ? t.counter.refusal.parkedPending : t.counter.refusal.parkedDenied}
      {refusal.status === 'denied' && refusal.comment ? <span className="parked-refusal-comment">{format(t.counter.refusal.comment, { comment: refusal.comment })}</span> : null}
    </span>
  );
}
