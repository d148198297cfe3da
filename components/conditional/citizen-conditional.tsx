'use client';

import { useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import type { CitizenConditional } from '@/server/contracts/conditional';
import { useMessages } from '../i18n';
import { ticketSchema } from '../ticket/lazy-schema';

/**
 * 容缺受理 on the citizen's ticket page: what is missing and by when, the commitment to
 * confirm (when it was promised on the phone), a reminder in the last days and the overdue
 * state after the deadline.
 */
export function ConditionalNotices({ token, items, onChanged }: { token: string; items: CitizenConditional[]; onChanged: () => void }) {
  return (
    <>
      {items.map((item) => (
        <ConditionalCard key={item.id} token={token} item={item} onChanged={onChanged} />
      ))}
    </>
  );
}

function ConditionalCard({ token, item, onChanged }: { token: string; item: CitizenConditional; onChanged: () => void }) {
  const t = useMessages();
  const c = t.conditional.citizen;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = item.status === 'awaiting_commitment' || item.status === 'open';

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await apiPost(`/api/v1/tickets/${encodeURIComponent(token)}/conditional-acceptances/${item.id}/confirm`, ticketSchema('confirmResponse'));
    setBusy(false);
    if (!result.ok) return setError(describeApiError(result.error, t));
    onChanged();
  }

  return (
    <section
      className={`card notice-card conditional-card${item.overdue ? ' is-overdue' : ''}`}
      data-testid="conditional-card"
      data-status={item.status}
      data-reminder={item.reminder}
      data-overdue={item.overdue}
      aria-labelledby={`conditional-${item.id}`}
    >
      <h2 id={`conditional-${item.id}`}>{pending ? c.title : t.conditional.status[item.status]}</h2>
      {item.overdue ? (
        <p className="alert alert-error" role="alert" data-testid="conditional-overdue">
          {format(c.overdue, { day: item.deadlineDay })}
        </p>
      ) : item.reminder ? (
        <p className="alert alert-warning" role="status" data-testid="conditional-reminder">
          {item.daysLeft <= 0 ? c.reminderToday : format(c.reminder, { n: item.daysLeft })}
        </p>
      ) : null}
      <p>{format(c.intro, { service: item.serviceName })}</p>
      <ol className="notice-items" data-testid="conditional-missing">
        {item.missingItems.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ol>
      {pending ? (
        <p className="conditional-deadline tabular" data-testid="conditional-deadline">
          {format(c.deadline, { day: item.deadlineDay })}
        </p>
      ) : (
        <p className="alert alert-success">{item.status === 'fulfilled' ? c.fulfilled : c.withdrawn}</p>
      )}
      {item.caseNo ? <p className="muted tabular">{format(c.caseNo, { caseNo: item.caseNo })}</p> : null}
      {item.status === 'awaiting_commitment' ? (
        <div className="confirm-box">
          <p>{c.confirmPrompt}</p>
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="button" className="btn btn-primary btn-block btn-lg" data-testid="conditional-confirm-commitment" disabled={busy} onClick={() => void confirm()}>
            {busy ? c.confirming : c.confirmButton}
          </button>
        </div>
      ) : item.commitment === 'paper' ? (
        <p className="muted">{c.paper}</p>
      ) : item.commitmentConfirmedAt ? (
        <p className="muted tabular" data-testid="conditional-confirmed">
          {format(c.confirmed, { time: dayAndTime(item.commitmentConfirmedAt) })}
        </p>
      ) : null}
    </section>
  );
}
