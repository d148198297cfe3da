'use client';

import { type KeyboardEvent, useState } from 'react';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { DialogFooter, isEnterToSubmit } from './dialog-parts';
import { Modal } from './modal';

interface Props {
  number: string;
  /** 1-based place in the queue. */
  position: number;
  next: string;
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Calling a ticket out of turn is allowed with a reason, which goes into the fairness ledger. */
export function CallChosenDialog({ number, position, next, busy, error, onConfirm, onClose }: Props) {
  const t = useMessages();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit() {
    if (busy) return;
    const text = reason.trim();
    if (text.length < 2) {
      setProblem(t.counter.reasonTooShort);
      return;
    }
    onConfirm(text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (isEnterToSubmit(event)) {
      event.preventDefault();
      if (!event.repeat) submit();
    }
  }

  return (
    <Modal title={format(t.counter.callChosenTitle, { number })} testId="call-chosen-dialog" onClose={onClose} onKeyDown={onKeyDown}>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="modal-body">{format(t.counter.callChosenBody, { number, position, next })}</p>
        <label className="field-label" htmlFor="call-chosen-reason">
          {t.counter.callChosenReason}
        </label>
        <input
          id="call-chosen-reason"
          className={`input${problem ? ' input-invalid' : ''}`}
          data-testid="call-chosen-reason"
          maxLength={200}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(null);
          }}
          data-autofocus=""
        />
        {problem ? (
          <p className="field-error" data-testid="call-chosen-problem">
            {problem}
          </p>
        ) : null}
        <div className="chip-row">
          {t.counter.callChosenReasons.map((preset) => (
            <button
              key={preset}
              type="button"
              className={`chip${reason === preset ? ' is-selected' : ''}`}
              onClick={() => {
                setReason(preset);
                setProblem(null);
                document.getElementById('call-chosen-reason')?.focus();
              }}
            >
              {preset}
            </button>
          ))}
        </div>
        <DialogFooter error={error} busy={busy} confirmLabel={t.counter.callChosenConfirm} confirmTestId="call-chosen-confirm" onCancel={onClose} />
      </form>
    </Modal>
  );
}
