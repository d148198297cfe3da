'use client';

import { useId, useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type RevealKind, type RevealReason, revealResponse } from '@/server/contracts/personal-data';
import { useMessages } from '../i18n';
import './reveal-phone.css';

/** The reasons offered for each kind of record, the usual one first. */
const reasonsFor: Record<RevealKind, RevealReason[]> = {
  work_order: ['follow_up', 'verify_identity', 'other'],
  unresolved_case: ['case_reply', 'follow_up', 'verify_identity', 'other'],
  conditional_acceptance: ['conditional_reminder', 'verify_identity', 'other'],
  appointment: ['appointment_change', 'verify_identity', 'other'],
};

interface Props {
  hall: string;
  kind: RevealKind;
  id: string;
  masked: string;
}

/**
 * A citizen's phone as staff see it: masked, with 查看完整号码, which asks why and then
 * shows the whole number (the server records the read). The number lives only in this
 * component's state, so it is gone when the page is left or 隐藏 is pressed.
 */
export function RevealPhone({ hall, kind, id, masked }: Props) {
  const t = useMessages();
  const p = t.personalData;
  const uid = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<RevealReason | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [phone, setPhone] = useState<string | null>(null);

  function close() {
    setAsking(false);
    setReason(null);
    setNote('');
    setProblem(null);
  }

  function pick(next: RevealReason) {
    setReason(next);
    setProblem(null);
  }

  async function confirm() {
    if (!reason) return setProblem(p.chooseReason);
    const trimmed = note.trim();
    if (reason === 'other' && !trimmed) return setProblem(p.noteRequired);
    setBusy(true);
    setProblem(null);
    try {
      const result = await apiPost(`/api/v1/halls/${encodeURIComponent(hall)}/personal-data/reveal`, revealResponse, {
        kind,
        id,
        reason,
        ...(trimmed ? { note: trimmed } : {}),
      });
      if (!result.ok) return setProblem(describeApiError(result.error, t));
      setPhone(result.data.phone);
      close();
    } finally {
      setBusy(false);
    }
  }

  if (phone) {
    return (
      <div className="reveal-phone" data-testid="reveal-phone">
        <span className="reveal-phone-label">{p.label}</span>
        <a className="reveal-phone-number reveal-phone-full" href={`tel:${phone}`} data-testid="revealed-phone">
          {phone}
        </a>
        <span className="reveal-phone-recorded">{p.recorded}</span>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setPhone(null)} data-testid="reveal-hide">
          {p.hide}
        </button>
      </div>
    );
  }

  return (
    <div className="reveal-phone" data-testid="reveal-phone">
      <span className="reveal-phone-label">{p.label}</span>
      <span className="reveal-phone-number">{masked}</span>
      {!asking ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setAsking(true)} data-testid="reveal-open">
          {p.reveal}
        </button>
      ) : (
        <fieldset className="reveal-phone-ask" data-testid="reveal-ask">
          <legend>{p.legend}</legend>
          <div className="reveal-phone-reasons" role="radiogroup">
            {reasonsFor[kind].map((r) => (
              <label key={r} className={`chip${reason === r ? ' is-selected' : ''}`}>
                <input type="radio" name={`${uid}-reason`} value={r} checked={reason === r} onChange={() => pick(r)} data-testid={`reveal-reason-${r}`} />
                {p.reasons[r]}
              </label>
            ))}
          </div>
          <label className="field-label" htmlFor={`${uid}-note`}>
            {reason === 'other' ? p.noteOther : p.note}
          </label>
          <input id={`${uid}-note`} className="input" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} data-testid="reveal-note" />
          <p className="reveal-phone-hint">{p.hint}</p>
          {problem ? (
            <p className="field-error" role="alert" data-testid="reveal-error">
              {problem}
            </p>
          ) : null}
          <div className="reveal-phone-buttons">
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void confirm()} data-testid="reveal-confirm">
              {p.confirm}
            </button>
            <button type="button" className="btn btn-small btn-ghost" disabled={busy} onClick={close}>
              {p.cancel}
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
