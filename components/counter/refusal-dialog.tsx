'use client';

import { type KeyboardEvent, useState } from 'react';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { DialogFooter, isEnterToSubmit } from './dialog-parts';
import { Modal } from './modal';

export interface RefusalDraft {
  reason: string;
  legalBasis: string;
  notice: string[];
}

interface Props {
  number: string;
  busy: boolean;
  error: string | null;
  onConfirm: (draft: RefusalDraft) => void;
  onClose: () => void;
}

/** 无法受理: the refusal request (否定报备) with its reason, basis and one-time notice. */
export function RefusalDialog({ number, busy, error, onConfirm, onClose }: Props) {
  const t = useMessages();
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit() {
    if (busy) return;
    const items = notice.split('\n').map((s) => s.trim()).filter(Boolean);
    if (!reason.trim() || !legalBasis.trim() || items.length === 0) {
      setProblem(t.counter.refusal.required);
      return;
    }
    onConfirm({ reason: reason.trim(), legalBasis: legalBasis.trim(), notice: items });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (isEnterToSubmit(event)) {
      event.preventDefault();
      if (!event.repeat) submit();
    }
  }

  return (
    <Modal title={format(t.counter.refusal.title, { number })} testId="refusal-dialog" onClose={onClose} onKeyDown={onKeyDown} wide>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="muted">{t.counter.refusal.intro}</p>
        <label className="field-label" htmlFor="refusal-reason">
          {t.counter.refusal.reason}
        </label>
        <input id="refusal-reason" className="input" data-testid="refusal-reason" data-autofocus="" maxLength={500} value={reason} onChange={(e) => { setReason(e.target.value); setProblem(null); }} />
        <label className="field-label" htmlFor="refusal-basis">
          {t.counter.refusal.legalBasis}
        </label>
        <input id="refusal-basis" className="input" data-testid="refusal-basis" maxLength={500} value={legalBasis} onChange={(e) => { setLegalBasis(e.target.value); setProblem(null); }} />
        <label className="field-label" htmlFor="refusal-notice">
          {t.counter.refusal.notice}
        </label>
        <textarea id="refusal-notice" className="input" data-testid="refusal-notice" rows={4} maxLength={3000} value={notice} onChange={(e) => { setNotice(e.target.value); setProblem(null); }} />
        {problem ? (
          <p className="field-error" data-testid="refusal-problem">
            {problem}
          </p>
        ) : null}
        <DialogFooter error={error} busy={busy} confirmLabel={t.counter.refusal.confirm} confirmTestId="btn-refusal-confirm" confirmClass="btn-danger" onCancel={onClose} />
      </form>
    </Modal>
  );
}
