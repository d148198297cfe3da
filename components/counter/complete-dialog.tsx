'use client';

import { type KeyboardEvent, useState } from 'react';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { DialogFooter, isEnterToSubmit } from './dialog-parts';
import { Modal } from './modal';
import { isTyping } from './shortcuts';

export const outcomes = ['handled', 'accepted', 'consulted', 'redirected'] as const;
export type Outcome = (typeof outcomes)[number];

interface Props {
  number: string;
  busy: boolean;
  error: string | null;
  onConfirm: (outcome: Outcome, note: string, caseNo: string) => void;
  onClose: () => void;
}

/** Complete the current ticket: 1–4 picks the outcome, Enter confirms, the note is optional. */
export function CompleteDialog({ number, busy, error, onConfirm, onClose }: Props) {
  const t = useMessages();
  const [outcome, setOutcome] = useState<Outcome>('handled');
  const [note, setNote] = useState('');
  const [caseNo, setCaseNo] = useState('');
  const submit = () => {
    if (!busy) onConfirm(outcome, note.trim(), caseNo.trim());
  };

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    const picked = outcomes[Number(event.key) - 1];
    if (picked && !isTyping(event.target) && !event.repeat) {
      event.preventDefault();
      setOutcome(picked);
      document.getElementById('complete-note')?.focus();
      return;
    }
    if (isEnterToSubmit(event)) {
      event.preventDefault();
      if (!event.repeat) submit();
    }
  }

  return (
    <Modal title={format(t.counter.outcomeTitle, { number })} testId="complete-dialog" onClose={onClose} onKeyDown={onKeyDown}>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset className="choice-list">
          <legend className="field-label">{t.counter.outcomeLegend}</legend>
          {outcomes.map((value, i) => (
            <label key={value} className={`choice${outcome === value ? ' is-selected' : ''}`} data-testid={`outcome-${value}`}>
              <input
                id={`outcome-${value}`}
                type="radio"
                name="outcome"
                value={value}
                checked={outcome === value}
                onChange={() => setOutcome(value)}
                data-autofocus={value === 'handled' ? '' : undefined}
              />
              <kbd className="kbd">{i + 1}</kbd>
              <span className="choice-text">
                <b>{t.counter.outcomes[value]}</b>
                <span className="muted">{t.counter.outcomeHints[value]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field-label" htmlFor="complete-note">
          {t.counter.noteLabel}
        </label>
        <input id="complete-note" className="input" data-testid="complete-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        <label className="field-label" htmlFor="complete-case">
          {t.conditional.complete.caseNo}
        </label>
        <input id="complete-case" className="input" data-testid="complete-case" maxLength={40} value={caseNo} onChange={(e) => setCaseNo(e.target.value)} />
        <p className="muted field-hint">{t.conditional.complete.caseNoHint}</p>
        <DialogFooter
          error={error}
          busy={busy}
          confirmLabel={t.counter.completeConfirm}
          confirmTestId="complete-confirm"
          confirmClass="btn-success"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
