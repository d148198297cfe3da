'use client';

import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { CounterRefusal } from '@/server/contracts/api';
import { useMessages } from '../i18n';

interface Props {
  refusal: CounterRefusal;
  onDismiss: () => void;
}

/**
 * 否定报备 as this counter follows it: pending, then the duty leader's decision and comment.
 * It is drawn from the counter's state, which the console refetches on every /staff event,
 * so the decision replaces "waiting for approval" the moment the leader submits it.
 */
export function RefusalNotice({ refusal, onDismiss }: Props) {
  const t = useMessages();
  const r = t.counter.refusal;
  const vars = { number: refusal.number, name: refusal.decidedBy ?? '', time: shortTime(refusal.decidedAt ?? refusal.requestedAt) };
  const tone = refusal.status === 'pending' ? 'alert-info' : refusal.status === 'approved' ? 'alert-success' : 'alert-warning';
  return (
    <div className={`alert ${tone} refusal-notice`} role="status" data-testid="refusal-notice" data-status={refusal.status}>
      <p data-testid="refusal-notice-text">{format(r[refusal.status], vars)}</p>
      {refusal.status === 'pending' ? null : (
        <p className="refusal-comment" data-testid="refusal-notice-comment">
          {refusal.comment ? format(r.comment, { comment: refusal.comment }) : r.noComment}
        </p>
      )}
      {refusal.status === 'pending' ? null : (
        <button type="button" className="btn btn-small btn-ghost" data-testid="refusal-notice-dismiss" onMouseDown={(e) => e.preventDefault()} onClick={onDismiss}>
          {r.dismiss}
        </button>
      )}
    </div>
  );
}
