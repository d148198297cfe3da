'use client';

import { useRef, useState } from 'react';
import { apiGet } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { calendarDay, shortTime } from '@/lib/time';
import { type CaseProgressView, caseProgressResponse } from '@/server/contracts/appointments';
import { caseNo as caseNoSchema } from '@/server/contracts/common';
import { useMessages } from '../i18n';

type Status = CaseProgressView['status'];

/** The steps a case still has ahead of it, in the order it passes them. */
const path: Status[] = ['accepted', 'in_review', 'approved', 'ready'];

function when(at: string): string {
  const d = calendarDay(at);
  return `${d.year}-${d.month}-${d.day} ${shortTime(at)}`;
}

export function CaseLookup() {
  const t = useMessages();
  const p = t.caseProgress;
  const [caseNo, setCaseNo] = useState('');
  const [last4, setLast4] = useState('');
  const [invalid, setInvalid] = useState<{ caseNo?: boolean; last4?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<CaseProgressView | null>(null);
  const inFlight = useRef(false);

  async function submit() {
    if (inFlight.current) return;
    const no = caseNoSchema.safeParse(caseNo);
    const next = { caseNo: !no.success, last4: !/^\d{4}$/.test(last4) };
    setInvalid(next);
    if (!no.success || next.last4) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await apiGet(`/api/v1/cases/${encodeURIComponent(no.data)}?phoneLast4=${last4}`, caseProgressResponse);
    inFlight.current = false;
    setBusy(false);
    if (result.ok) setFound(result.data.case);
    else setError(result.error.code === 'NOT_FOUND' ? p.notFound : describeApiError(result.error, t));
  }

  if (found) {
    const reached = new Set(found.steps.map((s) => s.status));
    const ended = found.status === 'rejected' || found.status === 'delivered' || found.status === 'ready';
    const ahead = ended ? [] : path.filter((s) => !reached.has(s) && s !== 'accepted');
    return (
      <div className="case-result" data-testid="case-result">
        <div className="card case-summary">
          <p className="field-label">{p.caseNo}</p>
          <p className="case-no tabular">{found.caseNo}</p>
          <dl className="facts">
            <div>
              <dt>{p.service}</dt>
              <dd>{found.serviceName}</dd>
            </div>
            <div>
              <dt>{p.hall}</dt>
              <dd>{found.hall.name}</dd>
            </div>
            <div>
              <dt>{p.current}</dt>
              <dd>
                <span className={`case-status case-status-${found.status}`} data-testid="case-status">
                  {p.status[found.status]}
                </span>
              </dd>
            </div>
          </dl>
        </div>
        <h2 className="section-title">{p.timeline}</h2>
        <ol className="timeline" data-testid="case-timeline">
          {found.steps.map((s, i) => (
            <li key={`${s.status}-${s.at}`} className={`timeline-step done${i === found.steps.length - 1 ? ' current' : ''}`}>
              <span className="timeline-dot" aria-hidden="true" />
              <span className="timeline-label">{p.status[s.status]}</span>
              <span className="timeline-time tabular">{when(s.at)}</span>
              {s.note ? <span className="timeline-note">{s.note}</span> : null}
            </li>
          ))}
          {ahead.map((s) => (
            <li key={s} className="timeline-step pending">
              <span className="timeline-dot" aria-hidden="true" />
              <span className="timeline-label">{p.pending[s as keyof typeof p.pending] ?? p.status[s]}</span>
            </li>
          ))}
        </ol>
        <button type="button" className="btn btn-ghost btn-block" onClick={() => setFound(null)}>
          {p.another}
        </button>
      </div>
    );
  }

  return (
    <div className="case-lookup" data-testid="case-form">
      <div className="card field-card">
        <label className="field-label" htmlFor="case-no">
          {p.caseNo}
        </label>
        <input
          id="case-no"
          data-testid="case-no"
          className={`input input-lg tabular${invalid.caseNo ? ' input-invalid' : ''}`}
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          placeholder={p.caseNoPlaceholder}
          value={caseNo}
          onChange={(e) => setCaseNo(e.target.value)}
        />
        {invalid.caseNo ? <p className="field-error">{p.caseNoInvalid}</p> : null}
        <label className="field-label" htmlFor="case-last4">
          {p.last4}
        </label>
        <input
          id="case-last4"
          data-testid="case-last4"
          className={`input input-lg tabular${invalid.last4 ? ' input-invalid' : ''}`}
          inputMode="numeric"
          maxLength={4}
          value={last4}
          onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void submit();
          }}
        />
        {invalid.last4 ? <p className="field-error">{p.last4Invalid}</p> : null}
      </div>
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="case-error">
          {error}
        </p>
      ) : null}
      <button type="button" className="btn btn-primary btn-lg btn-block" data-testid="case-submit" disabled={busy} onClick={() => void submit()}>
        {busy ? p.submitting : p.submit}
      </button>
    </div>
  );
}
