'use client';

import { format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import { type WorkOrderView, scoreKeys } from '@/server/contracts/rectification';
import type { useDutyCommand } from '../duty/use-duty-command';
import { useMessages } from '../i18n';
import { RevealPhone } from '../personal-data/reveal-phone';
import { OrderActions } from './order-actions';

const steps = ['verify', 'rectify', 'answer', 'review', 'closed'] as const;

interface Props {
  /** The hall's slug, for 查看完整号码 (the 回访 call). */
  hall: string;
  order: WorkOrderView;
  me: { id: string };
  command: ReturnType<typeof useDutyCommand>;
}

/** One work order: where it came from, its steps with the current deadline, its history and the next action. */
export function OrderCard({ hall, order, me, command }: Props) {
  const t = useMessages();
  const r = t.rectification;
  const current = steps.indexOf(order.step);
  const bad = order.rating && (order.rating.level === 'dissatisfied' || order.rating.level === 'very_dissatisfied');

  return (
    <article
      className={`card rect-card${order.overdue ? ' is-overdue' : ''}`}
      data-testid="rect-order"
      data-id={order.id}
      data-step={order.step}
      data-overdue={order.overdue}
    >
      <header className="rect-card-head">
        <span className={`tag rect-source rect-source-${order.source}`}>{r.source[order.source]}</span>
        {order.ticket ? <strong className="rect-number tabular">{order.ticket.number}</strong> : null}
        {order.rating ? <span className={`tag${bad ? ' rect-bad' : ''}`}>{r.levels[order.rating.level]}</span> : null}
        {order.counter ? <span className="tag">{format(r.counter, { number: order.counter.number })}</span> : null}
        {order.overdue ? (
          <span className="tag rect-overdue" data-testid="rect-overdue">
            {r.overdue}
          </span>
        ) : null}
        <span className="muted rect-opened tabular">{format(r.openedAt, { time: dayAndTime(order.openedAt) })}</span>
      </header>

      <ol className="rect-steps" aria-label={r.history}>
        {steps.map((s, i) => (
          // A step counts as done only when the history says so: an upheld appeal closes the order past steps nobody did.
          <li key={s} className={i === current ? 'is-current' : i < current && order.history.some((h) => h.step === s) ? 'is-done' : ''}>
            {r.steps[s]}
          </li>
        ))}
      </ol>
      {order.stepDeadline ? (
        <p className={`rect-deadline tabular${order.overdue ? ' is-overdue' : ''}`} data-testid="rect-deadline">
          {format(r.deadline, { step: r.steps[order.step], time: dayAndTime(order.stepDeadline) })}
        </p>
      ) : null}
      {order.closedAs ? <p className="rect-closed">{r.closedAs[order.closedAs]}</p> : null}

      <dl className="rect-facts">
        {order.ticket ? <dd className="muted">{format(r.ticket, { number: order.ticket.number, service: order.ticket.serviceName })}</dd> : null}
        {order.clerk ? <dd className="muted">{format(r.clerk, { name: order.clerk.displayName })}</dd> : null}
        {order.report ? (
          <dd className="muted">
            {format(r.inspector, { name: order.report.inspector.displayName, time: dayAndTime(order.report.visitedAt) })}
            {order.report.serviceName ? ` · ${order.report.serviceName}` : ''}
          </dd>
        ) : null}
      </dl>
      {order.phoneMasked ? <RevealPhone hall={hall} kind="work_order" id={order.id} masked={order.phoneMasked} /> : null}

      {order.rating ? (
        <div className="rect-said">
          <span className="field-label">{r.comment}</span>
          <p data-testid="rect-summary">{order.summary || r.noComment}</p>
          <p className="muted rect-scores">
            {(['efficiency', 'serviceLevel', 'attitude'] as const)
              .filter((k) => order.rating?.[k] !== null)
              .map((k) => `${r.indicators[k]} ${order.rating?.[k]}`)
              .join(' · ')}
          </p>
          {order.rating.excluded ? <p className="rect-bad">{format(r.excluded, { reason: order.rating.excludedReason ?? '' })}</p> : null}
        </div>
      ) : null}
      {order.report ? (
        <div className="rect-said">
          <p data-testid="rect-summary">{order.summary}</p>
          <span className="field-label">{r.problems}</span>
          <ul className="rect-problems">
            {order.report.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
          {order.report.photos.length > 0 ? (
            <>
              <span className="field-label">{r.photos}</span>
              <ul className="rect-photos">
                {order.report.photos.map((p, n) => (
                  <li key={p.id} data-testid="rect-photo">
                    <a href={p.url} target="_blank" rel="noreferrer">
                      <img src={p.url} width={p.width} height={p.height} alt={format(r.photoAlt, { n: n + 1 })} loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="muted rect-scores">
            {scoreKeys
              .filter((k) => order.report?.scores[k] !== undefined)
              .map((k) => `${r.indicators[k] ?? k} ${order.report?.scores[k]}`)
              .join(' · ')}
          </p>
        </div>
      ) : null}

      {order.history.length > 0 ? (
        <ol className="rect-history">
          {order.history.map((h, i) => (
            <li key={i}>
              <span className="tabular muted">{dayAndTime(h.at)}</span> <strong>{r.steps[h.step]}</strong> · {h.by.displayName}：{h.note}
            </li>
          ))}
        </ol>
      ) : null}
      {order.appeals.some((a) => a.decision) ? (
        <ol className="rect-history" aria-label={r.appeal} data-testid="rect-appeals">
          {order.appeals
            .filter((a) => a.decision)
            .map((a, i) => (
              <li key={i}>
                <span className="tabular muted">{dayAndTime(a.at)}</span> {format(r.appealRecord, { name: a.by.displayName, reason: a.reason })}
                {a.decision ? (
                  <>
                    <br />
                    <span className="tabular muted">{a.decidedAt ? dayAndTime(a.decidedAt) : ''}</span>{' '}
                    <strong>{format(r.appealDecided, { decision: r.appealDecisions[a.decision], name: a.decidedBy?.displayName ?? '', note: a.decisionNote ?? '' })}</strong>
                  </>
                ) : null}
              </li>
            ))}
        </ol>
      ) : null}
      {order.answer ? (
        <p className="rect-answer" data-testid="rect-answer">
          {order.answer}
        </p>
      ) : null}

      {order.step !== 'closed' ? <OrderActions order={order} me={me} command={command} /> : null}
    </article>
  );
}
