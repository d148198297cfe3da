'use client';

import { useState } from 'react';
import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import { type PendingRefusal, decisionResponse } from '@/server/contracts/governance';
import { useMessages } from '../i18n';
import type { useDutyCommand } from './use-duty-command';
import { VisitHistory } from './visit-history';

interface Props {
  refusal: PendingRefusal;
  command: ReturnType<typeof useDutyCommand>;
}

/** 否定报备 awaiting the leader: what the counter wants to tell the citizen, and the decision. */
export function RefusalCard({ refusal, command }: Props) {
  const t = useMessages();
  const [comment, setComment] = useState('');
  const decide = (approve: boolean) =>
    void command.run(refusal.id, `/api/v1/refusals/${refusal.id}/decision`, decisionResponse, comment.trim() ? { approve, comment: comment.trim() } : { approve });
  const busy = command.busy !== null;
  return (
    <article className="card duty-card" data-testid="duty-refusal" data-number={refusal.ticket.number}>
      <header className="duty-card-head">
        <strong className="duty-number tabular">{refusal.ticket.number}</strong>
        <span className="muted">
          {format(t.duty.counterLine, { counter: refusal.counterNumber, name: refusal.requestedBy.displayName, time: shortTime(refusal.requestedAt) })}
        </span>
      </header>
      <dl className="duty-facts">
        <dt>{t.duty.reason}</dt>
        <dd>{refusal.reason}</dd>
        <dt>{t.duty.legalBasis}</dt>
        <dd>{refusal.legalBasis}</dd>
        <dt>{t.duty.notice}</dt>
        <dd>
          <ol className="duty-items">
            {refusal.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
        </dd>
      </dl>
      <VisitHistory ticket={refusal.ticket} />
      <label className="field-label" htmlFor={`comment-${refusal.id}`}>
        {t.duty.comment}
      </label>
      <input id={`comment-${refusal.id}`} className="input" data-testid="duty-comment" maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
      {command.error?.id === refusal.id ? (
        <p className="alert alert-error" role="alert">
          {command.error.message}
        </p>
      ) : null}
      <div className="duty-actions">
        <button type="button" className="btn btn-danger" data-testid="duty-approve" disabled={busy} onClick={() => decide(true)}>
          {t.duty.approve}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="duty-deny" disabled={busy} onClick={() => decide(false)}>
          {t.duty.deny}
        </button>
      </div>
    </article>
  );
}
