'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { type ApiError, apiGet, apiRequest } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type Messages, format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import {
  type AppointmentView,
  type CheckInResponse,
  appointmentCode,
  appointmentResponse,
  checkInResponse,
} from '@/server/contracts/appointments';
import { useMessages } from '../i18n';
import { useKioskDevice } from '../kiosk/use-kiosk-device';
import { CodeKeypad } from './code-keypad';

/** Turns a refused check-in into the citizen's words, with the window read from the appointment. */
async function explain(code: string, error: ApiError, t: Messages): Promise<string> {
  const c = t.appointments.checkIn;
  if (error.code === 'NOT_FOUND') return c.notFound;
  if (error.code !== 'CONFLICT') return describeApiError(error, t);
  const read = await apiGet(`/api/v1/appointments/${code}`, appointmentResponse);
  if (!read.ok) return describeApiError(error, t);
  const a: AppointmentView = read.data.appointment;
  const window = { from: shortTime(a.checkIn.opensAt), to: shortTime(a.checkIn.closesAt) };
  if (a.status === 'cancelled') return c.cancelled;
  if (a.status === 'no_show' || Date.now() > new Date(a.checkIn.closesAt).getTime()) return format(c.tooLate, window);
  return format(c.tooEarly, window);
}

export function CheckInForm({ kiosk, initialCode }: { kiosk: boolean; initialCode: string }) {
  const t = useMessages();
  const c = t.appointments.checkIn;
  const router = useRouter();
  const [code, setCode] = useState(initialCode.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8));
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<CheckInResponse | null>(null);
  const inFlight = useRef(false);
  // The hall's kiosk is a registered device: its check-ins never count as one address's guesses.
  const deviceKey = useKioskDevice(null);

  // On the kiosk, the frame (components/kiosk/kiosk-frame.tsx) returns an untouched screen to the
  // kiosk's start, which clears a half-typed code and a number shown alike.

  async function submit() {
    if (inFlight.current) return;
    const parsed = appointmentCode.safeParse(code);
    if (!parsed.success) {
      setInvalid(true);
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await apiRequest('POST', `/api/v1/appointments/${parsed.data}/check-in`, checkInResponse, {
      body: {},
      deviceKey: kiosk ? deviceKey : null,
    });
    if (result.ok && !kiosk) {
      const { url } = result.data.ticket;
      if (/^https?:\/\//.test(url)) window.location.assign(url);
      else router.push(url);
      return;
    }
    inFlight.current = false;
    setBusy(false);
    if (result.ok) {
      setDone(result.data);
      return;
    }
    setError(`${c.failed}：${await explain(parsed.data, result.error, t)}`);
  }

  if (done) {
    return (
      <div className="card check-in-done" data-testid="check-in-done">
        <p className="muted">{c.done}</p>
        <p className="check-in-number tabular" data-testid="check-in-number">
          {done.ticket.number}
        </p>
        <p>
          {c.service}：{done.appointment.serviceName}
        </p>
        <p className="tabular">{format(c.slot, { time: `${shortTime(done.appointment.slotStart)}–${shortTime(done.appointment.slotEnd)}` })}</p>
        {done.ticket.position !== null ? <p className="tabular">{format(c.ahead, { n: done.ticket.position - 1 })}</p> : null}
        <button
          type="button"
          className="btn btn-primary btn-lg btn-block"
          onClick={() => {
            setDone(null);
            setCode('');
          }}
        >
          {c.next}
        </button>
      </div>
    );
  }

  return (
    <div className="check-in" data-testid="check-in-form">
      <div className="card field-card">
        <label className="field-label" htmlFor="check-in-code">
          {c.codeLabel}
        </label>
        <input
          id="check-in-code"
          data-testid="check-in-code"
          className={`input input-lg code-input tabular${invalid ? ' input-invalid' : ''}`}
          autoCapitalize="characters"
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={10}
          placeholder={c.codePlaceholder}
          value={code}
          readOnly={kiosk}
          aria-invalid={invalid}
          onChange={(e) => {
            setCode(e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8));
            setInvalid(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void submit();
          }}
        />
        {invalid ? <p className="field-error">{c.codeInvalid}</p> : null}
      </div>
      {kiosk ? (
        <CodeKeypad
          labels={{ backspace: c.backspace, clear: c.clear }}
          onKey={(key) => {
            setInvalid(false);
            setCode((current) => (key === 'back' ? current.slice(0, -1) : key === 'clear' ? '' : `${current}${key}`.slice(0, 8)));
          }}
        />
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="check-in-error">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn-primary btn-lg btn-block"
        data-testid="check-in-submit"
        disabled={busy}
        onClick={() => void submit()}
      >
        {busy ? c.submitting : c.submit}
      </button>
    </div>
  );
}
