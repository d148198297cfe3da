'use client';

import { type KeyboardEvent, useState } from 'react';
import { format } from '@/lib/i18n';
import type { Acceptance } from '@/server/contracts/conditional';
import { useMessages } from '../i18n';
import { ConditionalDialog, type ConditionalDraft, type DeadlineLimit } from './conditional-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { DialogFooter, isEnterToSubmit } from './dialog-parts';
import { Modal } from './modal';

export type ConditionalDialogState =
  | { kind: 'conditional'; number: string; serviceId: string }
  | { kind: 'fulfil'; item: Acceptance }
  | { kind: 'withdraw'; item: Acceptance };

interface Props {
  dialog: ConditionalDialogState;
  limits: Record<string, DeadlineLimit>;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onAccept: (draft: ConditionalDraft) => void;
  onFulfil: (item: Acceptance) => void;
  onWithdraw: (item: Acceptance, reason: string) => void;
}

/** The console's 容缺 dialogs: accept, items received, withdraw. */
export function ConditionalDialogs({ dialog, limits, busy, error, onClose, onAccept, onFulfil, onWithdraw }: Props) {
  const c = useMessages().conditional;
  switch (dialog.kind) {
    case 'conditional':
      return <ConditionalDialog number={dialog.number} limit={limits[dialog.serviceId] ?? null} busy={busy} error={error} onClose={onClose} onConfirm={onAccept} />;
    case 'fulfil':
      return (
        <ConfirmDialog
          title={format(c.fulfilTitle, { number: dialog.item.number })}
          body={format(c.fulfilBody, { items: dialog.item.missingItems.join('、') })}
          testId="fulfil-dialog"
          confirmLabel={c.fulfilConfirm}
          confirmTestId="fulfil-confirm"
          busy={busy}
          error={error}
          onClose={onClose}
          onConfirm={() => onFulfil(dialog.item)}
        />
      );
    case 'withdraw':
      return <WithdrawDialog item={dialog.item} busy={busy} error={error} onClose={onClose} onConfirm={(reason) => onWithdraw(dialog.item, reason)} />;
  }
}

function WithdrawDialog({ item, busy, error, onClose, onConfirm }: { item: Acceptance; busy: boolean; error: string | null; onClose: () => void; onConfirm: (reason: string) => void }) {
  const c = useMessages().conditional;
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    if (busy) return;
    if (!reason.trim()) return setProblem(c.withdrawRequired);
    onConfirm(reason.trim());
  };
  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (isEnterToSubmit(event)) {
      event.preventDefault();
      if (!event.repeat) submit();
    }
  }
  return (
    <Modal title={format(c.withdrawTitle, { number: item.number })} testId="withdraw-dialog" onClose={onClose} onKeyDown={onKeyDown}>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="field-label" htmlFor="withdraw-reason">
          {c.withdrawReason}
        </label>
        <input id="withdraw-reason" className="input" data-testid="withdraw-reason" data-autofocus="" maxLength={200} value={reason} onChange={(e) => { setReason(e.target.value); setProblem(null); }} />
        {problem ? <p className="field-error">{problem}</p> : null}
        <DialogFooter error={error} busy={busy} confirmLabel={c.withdrawConfirm} confirmTestId="withdraw-confirm" confirmClass="btn-danger" onCancel={onClose} />
      </form>
    </Modal>
  );
}
