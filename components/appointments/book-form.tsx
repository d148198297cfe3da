'use client';

import { useEffect, useRef, useState } from 'react';
import { type ApiError, apiGet, apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type Messages, format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import { mobilePhone } from '@/server/contracts/api';
import { type AppointmentView, type SlotsResponse, appointmentResponse, slotsResponse } from '@/server/contracts/appointments';
import { useMessages } from '../i18n';
import { BookingDone } from './booking-done';

interface BookableService {
  id: string;
  name: string;
  prefix: string;
}

type Slot = SlotsResponse['slots'][number];

/** The server words its refusals for developers; the citizen reads them in their language. */
function describeBookError(error: ApiError, t: Messages): string {
  const b = t.appointments.book;
  if (error.code === 'NETWORK') return t.common.networkError;
  if (error.code === 'FORBIDDEN') {
    const until = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(error.message)?.[1];
    if (until) return format(b.blocked, { until });
  }
  if (error.code === 'CONFLICT' && /already has an appointment/.test(error.message)) return b.samePhone;
  if (error.code === 'CONFLICT' && /full|started/.test(error.message)) return b.slotGone;
  return describeApiError(error, t);
}

function dayLabel(day: string, index: number, t: Messages): { top: string; bottom: string } {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return {
    top: index === 0 ? t.appointments.book.today : (t.appointments.book.weekdays[weekday] ?? ''),
    bottom: `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`,
  };
}

export function BookForm({
  hall,
  services,
  days,
  keptDays,
}: {
  hall: string;
  services: BookableService[];
  days: string[];
  /** Days after the appointment ends before its name and phone are erased (the hall's setting). */
  keptDays: number;
}) {
  const t = useMessages();
  const b = t.appointments.book;
  const [serviceId, setServiceId] = useState<string | null>(services[0]?.id ?? null);
  const [day, setDay] = useState<string | null>(days[0] ?? null);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [invalid, setInvalid] = useState<{ name?: boolean; phone?: boolean }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AppointmentView | null>(null);
  const [doneLast4, setDoneLast4] = useState('');
  const [lookingUp, setLookingUp] = useState(false);
  const inFlight = useRef(false);
  const base = `/api/v1/halls/${encodeURIComponent(hall)}`;

  // The confirmation keeps its address (?code=…): a reload or a return from WeChat shows it
  // again, with whatever happened to it since (cancelled, checked in).
  useEffect(() => {
    const code = new URLSearchParams(window.location.search).get('code');
    if (!code || !/^[A-Z0-9]{8}$/i.test(code)) return;
    setLookingUp(true);
    void apiGet(`/api/v1/appointments/${encodeURIComponent(code)}`, appointmentResponse).then((result) => {
      setLookingUp(false);
      if (result.ok) setDone(result.data.appointment);
      else setError(describeApiError(result.error, t));
    });
  }, [t]);

  function showDone(a: AppointmentView | null) {
    const url = new URL(window.location.href);
    if (a) url.searchParams.set('code', a.code);
    else url.searchParams.delete('code');
    window.history.replaceState(null, '', url);
    setDone(a);
  }

  useEffect(() => {
    if (!serviceId || !day) return;
    const abort = new AbortController();
    setSlots(null);
    setSlot(null);
    void apiGet(`${base}/slots?serviceId=${serviceId}&date=${day}`, slotsResponse, abort.signal).then((result) => {
      if (abort.signal.aborted) return;
      if (result.ok) setSlots(result.data.slots);
      else setError(describeApiError(result.error, t));
    });
    return () => abort.abort();
  }, [base, serviceId, day, t]);

  async function submit() {
    if (inFlight.current || !serviceId || !slot) return;
    const trimmedPhone = phone.replace(/\s+/g, '');
    const nextInvalid = { name: name.trim() === '', phone: !mobilePhone.safeParse(trimmedPhone).success };
    setInvalid(nextInvalid);
    if (nextInvalid.name || nextInvalid.phone) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await apiPost(`${base}/appointments`, appointmentResponse, {
      serviceId,
      slotStart: slot,
      name: name.trim(),
      phone: trimmedPhone,
    });
    inFlight.current = false;
    setBusy(false);
    if (result.ok) {
      // The form forgets what was typed: from here on only the masked copy is shown.
      setName('');
      setDoneLast4(phone.slice(-4));
      setPhone('');
      showDone(result.data.appointment);
      return;
    }
    setError(`${b.failed}：${describeBookError(result.error, t)}`);
  }

  if (done) {
    return (
      <BookingDone
        appointment={done}
        hall={hall}
        knownLast4={doneLast4}
        onAgain={() => {
          setDoneLast4('');
          showDone(null);
        }}
      />
    );
  }
  if (lookingUp) return <p className="muted">{t.appointments.done.loading}</p>;
  if (services.length === 0) return <p className="empty-state">{b.noServices}</p>;

  return (
    <div className="book" data-testid="book-form">
      <h2 className="section-title">{b.chooseService}</h2>
      <div className="chip-grid" role="radiogroup" aria-label={b.chooseService}>
        {services.map((s) => (
          <button
            key={s.id}
            type="button"
            role="radio"
            aria-checked={s.id === serviceId}
            className="pick"
            data-testid={`book-service-${s.prefix}`}
            onClick={() => setServiceId(s.id)}
          >
            <span className="pick-prefix">{s.prefix}</span> {s.name}
          </button>
        ))}
      </div>

      <h2 className="section-title">{b.chooseDay}</h2>
      <div className="day-strip" role="radiogroup" aria-label={b.chooseDay}>
        {days.map((d, i) => {
          const label = dayLabel(d, i, t);
          return (
            <button
              key={d}
              type="button"
              role="radio"
              aria-checked={d === day}
              className="pick day-pick"
              data-testid={`book-day-${d}`}
              onClick={() => setDay(d)}
            >
              <span className="day-top">{label.top}</span>
              <span className="day-bottom tabular">{label.bottom}</span>
            </button>
          );
        })}
      </div>

      <h2 className="section-title">{b.chooseSlot}</h2>
      {slots === null ? (
        <p className="muted">{b.loadingSlots}</p>
      ) : slots.filter((s) => s.status !== 'past').length === 0 ? (
        <p className="empty-state" data-testid="book-no-slots">
          {b.noSlots}
        </p>
      ) : (
        <div className="slot-grid" role="radiogroup" aria-label={b.chooseSlot}>
          {slots
            .filter((s) => s.status !== 'past')
            .map((s) => (
              <button
                key={s.start}
                type="button"
                role="radio"
                aria-checked={s.start === slot}
                className="pick slot-pick"
                data-testid="book-slot"
                data-start={s.start}
                disabled={s.status !== 'open'}
                onClick={() => setSlot(s.start)}
              >
                <span className="slot-time tabular">
                  {shortTime(s.start)}–{shortTime(s.end)}
                </span>
                <span className="slot-left">{s.status === 'full' ? b.full : format(b.remaining, { n: s.remaining })}</span>
              </button>
            ))}
        </div>
      )}

      <h2 className="section-title">{b.yourDetails}</h2>
      <div className="card field-card book-details">
        <label className="field-label" htmlFor="book-name">
          {b.name}
        </label>
        <input
          id="book-name"
          data-testid="book-name"
          className={`input input-lg${invalid.name ? ' input-invalid' : ''}`}
          autoComplete="name"
          maxLength={40}
          placeholder={b.namePlaceholder}
          value={name}
          aria-invalid={invalid.name === true}
          onChange={(e) => setName(e.target.value)}
        />
        {invalid.name ? <p className="field-error">{b.nameInvalid}</p> : null}
        <label className="field-label" htmlFor="book-phone">
          {b.phone}
        </label>
        <input
          id="book-phone"
          data-testid="book-phone"
          className={`input input-lg tabular${invalid.phone ? ' input-invalid' : ''}`}
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          maxLength={13}
          placeholder={b.phonePlaceholder}
          value={phone}
          aria-invalid={invalid.phone === true}
          onChange={(e) => setPhone(e.target.value)}
        />
        {invalid.phone ? <p className="field-error">{b.phoneInvalid}</p> : null}
        <p className="field-hint">{b.privacy}</p>
        <p className="field-hint" data-testid="book-phone-kept">
          {format(b.kept, { days: keptDays })}
        </p>
      </div>

      {error ? (
        <p className="alert alert-error" role="alert" data-testid="book-error">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn-primary btn-lg btn-block"
        data-testid="book-submit"
        disabled={busy || !slot}
        onClick={() => void submit()}
      >
        {busy ? b.submitting : b.submit}
      </button>
    </div>
  );
}
