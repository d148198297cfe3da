'use client';

import { useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type AppointmentView, appointmentResponse } from '@/server/contracts/appointments';
import { useMessages } from '../i18n';

/**
 * 取消预约 on the confirmation: the code is in the page, the last 4 digits of the phone
 * prove it is the citizen's own (filled in when they have just booked on this page).
 */
export function BookingCancel({
  code,
  knownLast4,
  onCancelled,
}: {
  code: string;
  knownLast4: string;
  onCancelled: (a: AppointmentView) => void;
}) {
  const t = useMessages();
  const d = t.appointments.done;
  const [open, setOpen] = useState(false);
  const [last4, setLast4] = useState(knownLast4);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    if (busy) return;
    if (!/^\d{4}$/.test(last4)) return setError(d.cancelPrompt);
    setBusy(true);
    setError(null);
    const result = await apiPost(`/api/v1/appointments/${code}/cancel`, appointmentResponse, { phoneLast4: last4 });
    setBusy(false);
    if (result.ok) return onCancelled(result.data.appointment);
    if (result.error.code === 'NOT_FOUND') return setError(d.cancelWrong);
    if (result.error.code === 'CONFLICT') return setError(d.cancelTooLate);
    setError(describeApiError(result.error, t));
  }

  if (!open) {
    return (
      <button type="button" className="btn btn-ghost btn-block booking-cancel-open" data-testid="booking-cancel" onClick={() => setOpen(true)}>
        {d.cancel}
      </button>
    );
  }
  return (
    <form
      className="card booking-cancel"
      data-testid="booking-cancel-form"
      onSubmit={(e) => {
        e.preventDefault();
        void cancel();
      }}
    >
      <p>{d.cancelPrompt}</p>
      <label className="field-label" htmlFor="booking-cancel-last4">
        {d.cancelLast4}
      </label>
      <input
        id="booking-cancel-last4"
        className="input tabular"
        inputMode="numeric"
        autoComplete="off"
        maxLength={4}
        data-testid="booking-cancel-last4"
        value={last4}
        onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
      />
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="booking-cancel-error">
          {error}
        </p>
      ) : null}
      <div className="booking-cancel-actions">
        <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)} disabled={busy}>
          {d.cancelKeep}
        </button>
        <button type="submit" className="btn btn-danger" data-testid="booking-cancel-confirm" disabled={busy}>
          {busy ? d.cancelling : d.cancelConfirm}
        </button>
      </div>
    </form>
  );
}
