'use client';

import type { KeyboardEvent } from 'react';
import { useMessages } from '../i18n';
import { Kbd } from './kbd';

/**
 * Enter confirms a dialog from anywhere in it but a button (which presses itself) or a
 * multi-line field. The form is submitted by hand, so a text field's own implicit
 * submission is cancelled to keep it to one submit.
 */
export function isEnterToSubmit(event: KeyboardEvent<HTMLElement>): boolean {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return false;
  const target = event.target as HTMLElement;
  return !(target instanceof HTMLButtonElement || target instanceof HTMLTextAreaElement);
}

interface FooterProps {
  error: string | null;
  busy: boolean;
  confirmLabel: string;
  confirmTestId: string;
  confirmClass?: string;
  disabled?: boolean;
  /** Give the confirm button focus on open, so Enter presses it (a plain yes/no question). */
  autoFocusConfirm?: boolean;
  onCancel: () => void;
}

/** The error of the last attempt, then cancel (Esc) and confirm (Enter). */
export function DialogFooter({ error, busy, confirmLabel, confirmTestId, confirmClass = 'btn-primary', disabled = false, autoFocusConfirm = false, onCancel }: FooterProps) {
  const t = useMessages();
  return (
    <>
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="btn btn-ghost" data-testid="dialog-cancel" onClick={onCancel}>
          {t.common.cancel}
          <Kbd keys={['esc']} />
        </button>
        <button
          type="submit"
          className={`btn ${confirmClass}`}
          data-testid={confirmTestId}
          disabled={busy || disabled}
          aria-busy={busy}
          data-autofocus={autoFocusConfirm ? '' : undefined}
        >
          {confirmLabel}
          <Kbd keys={['enter']} />
        </button>
      </div>
    </>
  );
}
