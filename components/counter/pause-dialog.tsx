'use client';

import { type KeyboardEvent, useState } from 'react';
import { useMessages } from '../i18n';
import { DialogFooter, isEnterToSubmit } from './dialog-parts';
import { Modal } from './modal';
import { isTyping } from './shortcuts';

interface Props {
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/**
 * Pausing needs a reason the hall can see: one from the list (number keys), with an
 * optional detail — required for the last one, "other".
 */
export function PauseDialog({ busy, error, onConfirm, onClose }: Props) {
  const t = useMessages();
  const reasons = t.counter.pauseReasons;
  const otherIndex = reasons.length - 1;
  const [picked, setPicked] = useState<number | null>(null);
  const [detail, setDetail] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function reason(): string | null {
    const text = detail.trim();
    if (picked === null) return text || null;
    const preset = reasons[picked] ?? '';
    if (picked === otherIndex) return text || null;
    return text ? `${preset}：${text}` : preset;
  }

  function submit() {
    if (busy) return;
    const text = reason();
    if (!text) {
      setProblem(t.counter.pauseDetailRequired);
      document.getElementById('pause-detail')?.focus();
      return;
    }
    onConfirm(text.slice(0, 200));
  }

  /** A picked reason moves the focus to the detail: type it (or not), then Enter. */
  function pick(index: number) {
    setPicked(index);
    setProblem(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    const index = Number(event.key) - 1;
    if (Number.isInteger(index) && index >= 0 && index < reasons.length && !isTyping(event.target) && !event.repeat) {
      event.preventDefault();
      pick(index);
      document.getElementById('pause-detail')?.focus();
      return;
    }
    if (isEnterToSubmit(event)) {
      event.preventDefault();
      if (!event.repeat) submit();
    }
  }

  return (
    <Modal title={t.counter.pauseTitle} testId="pause-dialog" onClose={onClose} onKeyDown={onKeyDown}>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset className="choice-list choice-grid">
          <legend className="sr-only">{t.counter.pauseTitle}</legend>
          {reasons.map((label, i) => (
            <label key={label} className={`choice${picked === i ? ' is-selected' : ''}`} data-testid={`pause-preset-${i + 1}`}>
              <input
                id={`pause-reason-${i}`}
                type="radio"
                name="pause-reason"
                checked={picked === i}
                onChange={() => pick(i)}
                data-autofocus={i === 0 ? '' : undefined}
              />
              <kbd className="kbd">{i + 1}</kbd>
              <span className="choice-text">
                <b>{label}</b>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field-label" htmlFor="pause-detail">
          {picked === otherIndex ? t.counter.pauseDetailRequired : t.counter.pauseDetail}
        </label>
        <input
          id="pause-detail"
          className={`input${problem ? ' input-invalid' : ''}`}
          data-testid="pause-reason"
          maxLength={150}
          placeholder={t.counter.pausePlaceholder}
          value={detail}
          onChange={(e) => {
            setDetail(e.target.value);
            setProblem(null);
          }}
        />
        {problem ? (
          <p className="field-error" data-testid="pause-problem">
            {problem}
          </p>
        ) : null}
        <DialogFooter
          error={error}
          busy={busy}
          confirmLabel={t.counter.pauseConfirm}
          confirmTestId="btn-pause-confirm"
          confirmClass="btn-warning"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
