'use client';

import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { DecidedRefusal } from '@/server/contracts/governance';
import { useMessages } from '../i18n';

/** The day's record of refusal decisions: who decided what, when, and with which comment. */
export function DecidedToday({ decided }: { decided: DecidedRefusal[] }) {
  const t = useMessages();
  return (
    <section className="duty-decided" aria-labelledby="duty-decided-title" data-testid="duty-decided">
      <h2 id="duty-decided-title" className="section-title">
        {t.duty.decidedToday} <span className="duty-count tabular">{decided.length}</span>
      </h2>
      {decided.length === 0 ? (
        <p className="card muted duty-empty">{t.duty.noDecisions}</p>
      ) : (
        <ul className="card duty-decided-list">
          {decided.map((d) => (
            <li key={d.id} data-testid="duty-decision" data-number={d.number} data-status={d.status}>
              <strong className="tabular">{d.number}</strong>
              <span className={`tag duty-decision-${d.status}`}>{t.duty.decision[d.status]}</span>
              <span className="muted tabular">
                {format(t.duty.decidedLine, {
                  time: shortTime(d.decidedAt),
                  leader: d.decidedBy.displayName,
                  counter: d.counterNumber,
                  requester: d.requestedBy.displayName,
                })}
              </span>
              <span className="duty-decision-reason">
                {format(t.duty.decisionReason, { reason: d.reason })}
              </span>
              <span className="duty-decision-comment" data-testid="duty-decision-comment">
                {d.comment ? format(t.duty.decisionComment, { comment: d.comment }) : t.duty.noComment}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
