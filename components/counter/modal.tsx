'use client';

import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';

interface Props {
  title: ReactNode;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** Keys the dialog handles itself (number keys, Enter); Escape always closes. */
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
}

/**
 * A modal on the native <dialog>: the page behind it is inert, focus stays inside and
 * goes back where it was on close, and Escape closes it.
 */
export function Modal({ title, testId, onClose, children, wide = false, onKeyDown }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // React's autoFocus runs while the dialog is still closed (not focusable), so the
    // dialog marks its first field with data-autofocus and it is focused once shown.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // Escape fires `cancel`; the parent owns whether the dialog is shown.
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal-wide' : ''}`}
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close.current();
          return;
        }
        onKeyDown?.(event);
      }}
    >
      <h2 id={`${testId}-title`} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
