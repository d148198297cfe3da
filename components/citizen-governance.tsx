'use client';

import { useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import type { TicketView } from '@/server/contracts/api';
import { useMessages } from './i18n';
import { ticketSchema } from './ticket/lazy-schema';

/** 一次性告知: everything the citizen needs, written once, after the duty leader approved the refusal. */
export function RefusalNotice({ notice }: { notice: NonNullable<TicketView['notice']> }) {
  const t = useMessages();
  return (
    <section className="card notice-card" data-testid="refusal-notice" aria-labelledby="notice-title">
      <h2 id="notice-title">{t.ticket.notice.title}</h2>
      <p>{t.ticket.notice.intro}</p>
      <dl className="notice-facts">
        <dt>{t.ticket.notice.reason}</dt>
        <dd data-testid="notice-reason">{notice.reason}</dd>
        <dt>{t.ticket.notice.legalBasis}</dt>
        <dd>{notice.legalBasis}</dd>
      </dl>
      <h3>{t.ticket.notice.items}</h3>
      <ol className="notice-items" data-testid="notice-items">
        {notice.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
      <p className="muted tabular">{format(t.ticket.notice.decidedAt, { time: dayAndTime(notice.decidedAt) })}</p>
    </section>
  );
}

/** The visit's 办不成事 reports and a short form to send one to the duty leader. */
export function CaseReports({ token, hall, cases, onSent }: { token: string; hall: string; cases: NonNullable<TicketView['cases']>; onSent: () => void }) {
  const t = useMessages();
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  async function submit() {
    if (busy || !description.trim()) return;
    setBusy(true);
    setError(null);
    const result = await apiPost(`/api/v1/halls/${encodeURIComponent(hall)}/unresolved-cases`, ticketSchema('caseCreated'), { description: description.trim(), ticketToken: token });
    setBusy(false);
    if (!result.ok) return setError(describeApiError(result.error, t));
    setSent(format(t.ticket.cases.sent, { time: dayAndTime(result.data.case.deadline) }));
    setDescription('');
    setOpen(false);
    onSent();
  }

  return (
    <>
      {cases.map((c) => (
        <section key={c.id} className="card case-card" data-testid="case-item" data-status={c.status}>
          <h2>{t.ticket.cases.item}</h2>
          {c.status === 'closed' && c.answer ? (
            <>
              <p className="muted">{format(t.ticket.cases.answered, { outcome: c.outcome ? t.duty.outcomes[c.outcome] : '' })}</p>
              <p data-testid="case-answer">{c.answer}</p>
            </>
          ) : (
            <p className="muted tabular">{format(t.ticket.cases.waiting, { time: dayAndTime(c.deadline) })}</p>
          )}
        </section>
      ))}
      {sent ? (
        <p className="alert alert-success" role="status" data-testid="case-sent">
          {sent}
        </p>
      ) : null}
      {open ? (
        <form
          className="card case-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>{t.ticket.cases.title}</h2>
          <p className="muted">{t.ticket.cases.hint}</p>
          <label className="field-label" htmlFor="case-description">
            {t.ticket.cases.description}
          </label>
          <textarea
            id="case-description"
            className="input"
            data-testid="case-description"
            rows={4}
            maxLength={1000}
            required
            placeholder={t.ticket.cases.placeholder}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="button-row">
            <button type="submit" className="btn btn-primary" data-testid="case-submit" disabled={busy || !description.trim()}>
              {busy ? t.ticket.cases.submitting : t.ticket.cases.submit}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
              {t.ticket.cases.cancel}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-ghost btn-block" data-testid="btn-case-report" onClick={() => setOpen(true)}>
          {t.ticket.cases.button}
        </button>
      )}
    </>
  );
}
