'use client';

import type { ReactNode } from 'react';
import { DialogFooter } from './dialog-parts';
import { Modal } from './modal';

interface Props {
  title: string;
  body: ReactNode;
  testId: string;
  confirmLabel: string;
  confirmTestId: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** A yes/no question for a step that cannot be undone; the confirm button has focus, so Enter confirms. */
export function ConfirmDialog({ title, body, testId, confirmLabel, confirmTestId, busy, error, onConfirm, onClose }: Props) {
  return (
    <Modal title={title} testId={testId} onClose={onClose}>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <p className="modal-body">{body}</p>
        <DialogFooter
          error={error}
          busy={busy}
          confirmLabel={confirmLabel}
          confirmTestId={confirmTestId}
          confirmClass="btn-danger"
          autoFocusConfirm
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
