'use client';

import { useState } from 'react';
import { format } from '@/lib/i18n';
import { dayAndTime, shortTime } from '@/lib/time';
import { type DutyBoard, type OpenCase, caseResponse } from '@/server/contracts/governance';
import { useMessages } from '../i18n';
import { RevealPhone } from '../personal-data/reveal-phone';
import type { useDutyCommand } from './use-duty-command';
import { VisitHistory } from './visit-history';

const outcomes = ['solved_on_site', 'assisted', 'registered'] as const;

interface Props {
  /** The hall's slug, for 查看完整号码 (the answer to the citizen). */
  hall: string;
  item: OpenCase;
  staff: DutyBoard['staff'];
  command: ReturnType<typeof useDutyCommand>;
}

/** 办不成事: the matter, its deadline, assignment and the closing answer the citizen reads. */
export function CaseCard({ hall, item, staff, command }: Props) {
  const t = useMessages();
  const [assignee, setAssignee] = useState(item.assignedTo?.id ?? staff[0]?.id ?? '');
  const [outcome, setOutcome] = useState<(typeof outcomes)[number]>('solved_on_site');
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const busy = command.busy !== null;

  function close() {
    if (!answer.trim()) return setProblem(t.duty.answerRequired);
    void command.run(item.id, `/api/v1/unresolved-cases/${item.id}/close`, caseResponse, { outcome, answer: answer.trim() });
  }

  return (
    <article className={`card duty-card${item.overdue ? ' is-overdue' : ''}`} data-testid="duty-case" data-overdue={item.overdue}>
      <header className="duty-card-head">
        <strong className="duty-number tabular">{item.ticket?.number ?? t.duty.noTicket}</strong>
        <span className="tag">{t.duty.openedBy[item.openedBy]}</span>
        <span className="tag">{t.duty.status[item.status]}</span>
        {item.overdue ? <span className="tag duty-overdue" data-testid="duty-overdue">{t.duty.overdue}</span> : null}
      </header>
      <p className="duty-description" data-testid="duty-case-description">
        {item.description}
      </p>
      <p className="muted duty-meta tabular">
        {format(t.duty.openedAt, { time: shortTime(item.openedAt) })} · {format(t.duty.deadline, { time: dayAndTime(item.deadline) })}
        {item.assignedTo ? ` · ${format(t.duty.assignedTo, { name: item.assignedTo.displayName })}` : ''}
      </p>
      {item.phoneMasked ? <RevealPhone hall={hall} kind="unresolved_case" id={item.id} masked={item.phoneMasked} /> : null}
      {item.ticket ? <VisitHistory ticket={item.ticket} /> : null}
      <div className="duty-row">
        <label className="sr-only" htmlFor={`assign-${item.id}`}>
          {t.duty.assignTo}
        </label>
        <select id={`assign-${item.id}`} className="input" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.displayName}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="duty-assign"
          disabled={busy || !assignee}
          onClick={() => void command.run(item.id, `/api/v1/unresolved-cases/${item.id}/assign`, caseResponse, { staffId: assignee })}
        >
          {t.duty.assign}
        </button>
      </div>
      <fieldset className="duty-outcomes">
        <legend className="field-label">{t.duty.outcome}</legend>
        {outcomes.map((o) => (
          <label key={o} className={`chip${outcome === o ? ' is-selected' : ''}`}>
            <input type="radio" name={`outcome-${item.id}`} value={o} checked={outcome === o} data-testid={`duty-outcome-${o}`} onChange={() => setOutcome(o)} />
            {t.duty.outcomes[o]}
          </label>
        ))}
      </fieldset>
      <label className="field-label" htmlFor={`answer-${item.id}`}>
        {t.duty.answer}
      </label>
      <textarea
        id={`answer-${item.id}`}
        className={`input${problem ? ' input-invalid' : ''}`}
        data-testid="duty-answer"
        rows={3}
        maxLength={2000}
        placeholder={outcome === 'registered' ? t.duty.registeredHint : undefined}
        value={answer}
        onChange={(e) => {
          setAnswer(e.target.value);
          setProblem(null);
        }}
      />
      {problem ? <p className="field-error">{problem}</p> : null}
      {command.error?.id === item.id ? (
        <p className="alert alert-error" role="alert">
          {command.error.message}
        </p>
      ) : null}
      <div className="duty-actions">
        <button type="button" className="btn btn-primary" data-testid="duty-close" disabled={busy} onClick={close}>
          {t.duty.close}
        </button>
      </div>
    </article>
  );
}
