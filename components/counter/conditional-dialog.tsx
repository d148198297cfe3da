'use client';

import { type KeyboardEvent, useState } from 'react';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { DialogFooter, isEnterToSubmit } from './dialog-parts';
import { Modal } from './modal';

/** The latest deadline a service allows today (its promised working days, or the hall's cap). */
export interface DeadlineLimit {
  day: string;
  workingDays: number;
  promised: boolean;
}

export interface ConditionalDraft {
  missingItems: string[];
  commitment: 'phone' | 'paper';
  deadline: string;
  caseNo?: string;
}

interface Props {
  number: string;
  limit: DeadlineLimit | null;
  busy: boolean;
  error: string | null;
  onConfirm: (draft: ConditionalDraft) => void;
  onClose: () => void;
}

const commitments = ['phone', 'paper'] as const;

/**
 * 容缺受理 from the keyboard: the missing items (a line each), the commitment (arrow keys),
 * the deadline (the latest allowed, filled in), an optional case number, Enter to accept.
 */
export function ConditionalDialog({ number, limit, busy, error, onConfirm, onClose }: Props) {
  const t = useMessages();
  const c = t.conditional;
  const [items, setItems] = useState('');
  const [commitment, setCommitment] = useState<'phone' | 'paper'>('phone');
  const [deadline, setDeadline] = useState(limit?.day ?? '');
  const [caseNo, setCaseNo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit() {
    if (busy) return;
    const missingItems = items.split('\n').map((s) => s.trim()).filter(Boolean);
    if (missingItems.length === 0) {
      setProblem(c.required);
      return;
    }
    const draft: ConditionalDraft = { missingItems, commitment, deadline };
    if (caseNo.trim()) draft.caseNo = caseNo.trim();
    onConfirm(draft);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    // Ctrl+Enter sends from the items box too, where Enter starts a new line.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.repeat) {
      event.preventDefault();
      submit();
      return;
    }
    if (isEnterToSubmit(event)) {
      event.preventDefault();
      if (!event.repeat) submit();
    }
  }

  const hint = limit
    ? format(limit.promised ? c.deadlineHint : c.deadlineHintHall, { day: limit.day, n: limit.workingDays })
    : null;

  return (
    <Modal title={format(c.dialogTitle, { number })} testId="conditional-dialog" onClose={onClose} onKeyDown={onKeyDown} wide>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="muted">{c.intro}</p>
        <label className="field-label" htmlFor="conditional-items">
          {c.missingItems}
        </label>
        <textarea
          id="conditional-items"
          className="input"
          data-testid="conditional-items"
          data-autofocus=""
          rows={3}
          maxLength={3000}
          placeholder={c.missingPlaceholder}
          value={items}
          onChange={(e) => {
            setItems(e.target.value);
            setProblem(null);
          }}
        />
        <fieldset className="choice-list">
          <legend className="field-label">{c.commitment}</legend>
          {commitments.map((value) => (
            <label key={value} className={`choice${commitment === value ? ' is-selected' : ''}`} data-testid={`commitment-${value}`}>
              <input type="radio" name="commitment" value={value} checked={commitment === value} onChange={() => setCommitment(value)} />
              <span className="choice-text">
                <b>{c.commitmentShort[value]}</b>
                <span className="muted">{c.commitmentKinds[value]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="conditional-row">
          <div>
            <label className="field-label" htmlFor="conditional-deadline">
              {c.deadline}
            </label>
            <input
              id="conditional-deadline"
              type="date"
              className="input"
              data-testid="conditional-deadline"
              max={limit?.day}
              required
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
            />
            {hint ? (
              <p className="muted field-hint" data-testid="conditional-limit">
                {hint}
              </p>
            ) : null}
          </div>
          <div>
            <label className="field-label" htmlFor="conditional-case">
              {c.caseNo}
            </label>
            <input id="conditional-case" className="input" data-testid="conditional-case" maxLength={40} value={caseNo} onChange={(e) => setCaseNo(e.target.value)} />
            <p className="muted field-hint">{c.caseNoHint}</p>
          </div>
        </div>
        {problem ? (
          <p className="field-error" data-testid="conditional-problem">
            {problem}
          </p>
        ) : null}
        <DialogFooter error={error} busy={busy} confirmLabel={c.confirm} confirmTestId="conditional-confirm" confirmClass="btn-success" onCancel={onClose} />
      </form>
    </Modal>
  );
}
