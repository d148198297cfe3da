'use client';

import { format, rich } from '@/lib/i18n';
import { minutesSince, shortTime } from '@/lib/time';
import type { CounterView, StaffTicket, VisitStep } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { Kbd } from './kbd';
import { keyHints } from './shortcuts';
import { stopwatch } from './use-now';

interface Props {
  current: StaffTicket | null;
  /** The current ticket's visit from the audit trail, oldest first. */
  timeline: VisitStep[];
  counter: CounterView;
  /** Ticking clock; null before mount. */
  now: number | null;
}

/** The ticket at the counter: number, service, how long it has waited and been here, and its way here. */
export function CurrentTicket({ current, timeline, counter, now }: Props) {
  const t = useMessages();

  if (!current) {
    return (
      <div className="current current-empty" data-testid="current-empty">
        <p className="current-empty-title">{t.counter.noCurrent}</p>
        <p className="muted">
          {counter.status === 'open'
            ? rich(t.counter.noCurrentHint, { key: <Kbd keys={keyHints.callNext} /> })
            : format(t.counter.counterNotOpen, { status: t.counter.status[counter.status] })}
        </p>
      </div>
    );
  }

  const waitedUntil = current.calledAt ? new Date(current.calledAt).getTime() : now;
  const status = current.status === 'called' || current.status === 'serving' ? t.counter.ticketStatus[current.status] : t.ticket.status[current.status];

  return (
    <div className={`current is-${current.status}`} data-testid="current-ticket" data-status={current.status}>
      <div className="current-head">
        <p className="current-number tabular" data-testid="current-number">
          {current.number}
        </p>
        <div className="current-meta">
          <p className="current-service" data-testid="current-service">
            {current.serviceName}
          </p>
          <p className={`status-pill ticket-${current.status}`} data-testid="current-status">
            {status}
          </p>
          <p className="current-tags">
            {current.priorityClass !== 'normal' ? <span className="tag tag-priority">{t.counter.priority[current.priorityClass]}</span> : null}
            {current.transferred ? (
              <span className="tag tag-transfer" data-testid="current-transferred">
                {t.counter.transferredTicket}
              </span>
            ) : null}
            {current.recallCount > 0 ? (
              <span className="tag tag-aged" data-testid="current-recalls">
                {format(t.counter.recalls, { n: current.recallCount })}
              </span>
            ) : null}
            <span className="tag">{t.counter.channel[current.channel]}</span>
            {current.phoneMasked ? (
              <span className="tag tabular" data-testid="current-phone">
                {current.phoneMasked}
              </span>
            ) : null}
          </p>
        </div>
      </div>

      <dl className="timing tabular">
        <div>
          <dt>{t.counter.timing.waited}</dt>
          <dd data-testid="current-waited">
            {waitedUntil === null ? '–' : format(t.counter.timing.minutes, { m: minutesSince(current.queuedAt, waitedUntil) })}
          </dd>
        </div>
        <div className={current.status === 'called' ? 'is-running' : undefined}>
          <dt>{t.counter.timing.sinceCall}</dt>
          <dd data-testid="current-since-call">
            {now === null || !current.calledAt ? '–' : stopwatch(current.calledAt, current.startedAt ? new Date(current.startedAt).getTime() : now)}
          </dd>
        </div>
        <div className={current.status === 'serving' ? 'is-running' : undefined}>
          <dt>{t.counter.timing.serving}</dt>
          <dd data-testid="current-serving-time">
            {now === null || current.status !== 'serving' || !current.startedAt ? '–' : stopwatch(current.startedAt, now)}
          </dd>
        </div>
      </dl>

      <ol className="history" aria-label={t.counter.history.title} data-testid="current-history">
        {timeline.map((step) => (
          <li key={step.seq} className={step.type === 'ticket.transferred' ? 'history-transfer' : undefined} data-type={step.type}>
            <span className="history-time tabular">{shortTime(step.at)}</span>
            {t.duty.events[step.type] ?? t.conditional.events[step.type] ?? step.type}
            {step.counterNumber !== null && step.counterNumber !== counter.number ? (
              <span className="history-note">{format(t.duty.atCounter, { counter: step.counterNumber })}</span>
            ) : null}
          </li>
        ))}
      </ol>
      {current.transferred && current.note ? (
        <p className="history-note" data-testid="current-note">
          {format(t.counter.history.note, { note: current.note })}
        </p>
      ) : null}
    </div>
  );
}
