'use client';

import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiGet, apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import { type HallDetail, issueTicketResponse, mobilePhone } from '@/server/contracts/api';
import { type IssuedByMe, issuedByMe } from '@/server/contracts/volunteer';
import { useMessages } from '../i18n';
import { LogoutButton } from '../logout-button';
import { PrintFindForm } from '../print/find-form';
import { PrintLink, printHref } from '../print/print-link';
import { TicketQr } from './ticket-qr';

type Recent = IssuedByMe['tickets'];
const classes = ['elderly', 'disabled', 'pregnant', 'green_channel', 'normal'] as const;
type Issuable = (typeof classes)[number];

interface Issued {
  id: string;
  number: string;
  serviceName: string;
  priorityClass: Issuable;
  position: number | null;
  url: string;
}

/**
 * 志愿+政务: a volunteer's tablet in the hall. Three big choices (service, who the citizen
 * is, an optional phone) and one button; the number then shows large with a QR code of the
 * citizen's link, and today's numbers stay listed beside it.
 */
export function VolunteerIntake({ hall, initialRecent, me }: { hall: HallDetail; initialRecent: Recent; me: { displayName: string } }) {
  const t = useMessages();
  const v = t.conditional.volunteer;
  const services = hall.services.filter((s) => s.kind !== 'unresolved_matter');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [priority, setPriority] = useState<Issuable>('elderly');
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [recent, setRecent] = useState<Recent>(initialRecent);
  const inFlight = useRef(false);

  const reloadRecent = useCallback(async () => {
    const result = await apiGet('/api/v1/me/issued-tickets', issuedByMe as z.ZodType<IssuedByMe>);
    if (result.ok) setRecent(result.data.tickets);
  }, []);

  async function take() {
    if (inFlight.current) return;
    const service = services.find((s) => s.id === serviceId);
    if (!service) return setError(v.pick);
    const trimmed = phone.replace(/\s+/g, '');
    if (trimmed && !mobilePhone.safeParse(trimmed).success) return setPhoneError(true);
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await apiPost(`/api/v1/halls/${encodeURIComponent(hall.slug)}/tickets`, issueTicketResponse, {
      serviceId: service.id,
      priorityClass: priority,
      ...(trimmed ? { phone: trimmed } : {}),
    });
    inFlight.current = false;
    setBusy(false);
    if (!result.ok) return setError(describeApiError(result.error, t));
    const ticket = result.data.ticket;
    setIssued({ id: ticket.id, number: ticket.number, serviceName: service.name, priorityClass: priority, position: ticket.position, url: ticket.url });
    setPhone('');
    void reloadRecent();
  }

  function another() {
    setIssued(null);
    setServiceId(null);
    setPriority('elderly');
    setError(null);
  }

  return (
    <div className="volunteer" data-testid="volunteer">
      <header className="volunteer-bar">
        <div>
          <h1>{v.title}</h1>
          <p className="muted">
            {hall.name} · {me.displayName}
          </p>
        </div>
        <LogoutButton />
      </header>
      <div className="volunteer-grid">
        <section className="card volunteer-form" aria-label={v.title}>
          <h2 className="field-label">{v.service}</h2>
          <div className="volunteer-services" role="radiogroup" aria-label={v.service}>
            {services.map((s) => (
              <button
                key={s.id}
                type="button"
                role="radio"
                aria-checked={serviceId === s.id}
                className={`volunteer-choice${serviceId === s.id ? ' is-selected' : ''}`}
                data-testid={`volunteer-service-${s.prefix}`}
                onClick={() => {
                  setServiceId(s.id);
                  setError(null);
                }}
              >
                <b>
                  {s.prefix} · {s.name}
                </b>
                <span className="muted tabular">{format(v.waiting, { n: s.waiting })}</span>
              </button>
            ))}
          </div>
          <h2 className="field-label">{v.priority}</h2>
          <div className="volunteer-classes" role="radiogroup" aria-label={v.priority}>
            {classes.map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={priority === c}
                className={`volunteer-choice volunteer-class${priority === c ? ' is-selected' : ''}${c === 'normal' ? '' : ' is-priority'}`}
                data-testid={`volunteer-class-${c}`}
                onClick={() => setPriority(c)}
              >
                {t.counter.priority[c]}
              </button>
            ))}
          </div>
          <label className="field-label" htmlFor="volunteer-phone">
            {hall.textsOnCall ? v.phoneTexts : v.phone}
          </label>
          <input
            id="volunteer-phone"
            className="input volunteer-phone"
            data-testid="volunteer-phone"
            inputMode="numeric"
            autoComplete="off"
            maxLength={13}
            placeholder={v.phonePlaceholder}
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
              setPhoneError(false);
            }}
          />
          {phoneError ? <p className="field-error">{v.phoneInvalid}</p> : null}
          <p className="field-hint" data-testid="volunteer-phone-kept">
            {format(v.phoneKept, { days: hall.contactRetentionDays ?? 30 })}
          </p>
          {error ? (
            <p className="alert alert-error" role="alert" data-testid="volunteer-error">
              {error}
            </p>
          ) : null}
          <button type="button" className="btn btn-primary btn-block volunteer-submit" data-testid="volunteer-submit" disabled={busy || serviceId === null} onClick={() => void take()}>
            {busy ? v.submitting : v.submit}
          </button>
        </section>

        <aside className="volunteer-side">
          {issued ? (
            <section className="card volunteer-issued" data-testid="volunteer-issued" aria-live="polite">
              <p className="muted">{v.issuedTitle}</p>
              <p className="volunteer-number tabular" data-testid="volunteer-number">
                {issued.number}
              </p>
              <p>
                {issued.serviceName} · <span className={issued.priorityClass === 'normal' ? 'tag' : 'tag tag-priority'}>{t.counter.priority[issued.priorityClass]}</span>
                {issued.position !== null ? <span className="muted"> · {format(v.ahead, { n: Math.max(0, issued.position - 1) })}</span> : null}
              </p>
              <TicketQr url={issued.url} />
              <p className="muted">{v.issuedHint}</p>
              <p className="print-links">
                <PrintLink href={printHref(issued.id, 'slip', { paper: '58' })} label={`${t.print.actions.slip} · ${t.print.papers['58']}`} testId="volunteer-print-58" />
                <PrintLink href={printHref(issued.id, 'slip', { paper: '80' })} label={`${t.print.actions.slip} · ${t.print.papers['80']}`} testId="volunteer-print-80" />
              </p>
              <button type="button" className="btn btn-secondary btn-block volunteer-submit" data-testid="volunteer-another" onClick={another}>
                {v.another}
              </button>
            </section>
          ) : null}
          <section className="card volunteer-recent" aria-labelledby="volunteer-recent-title">
            <h2 id="volunteer-recent-title">{v.recent}</h2>
            {recent.length === 0 ? <p className="muted">{v.recentEmpty}</p> : null}
            <ul data-testid="volunteer-recent">
              {recent.map((r) => (
                <li key={r.id} data-number={r.number}>
                  <b className="tabular">{r.number}</b>
                  <span>{r.serviceName}</span>
                  <span className={r.priorityClass === 'normal' ? 'tag' : 'tag tag-priority'}>{t.counter.priority[r.priorityClass]}</span>
                  <span className="muted tabular">
                    {shortTime(r.issuedAt)} · {t.ticket.status[r.status]}
                  </span>
                  <PrintLink href={printHref(r.id, 'slip', { auto: false })} label={t.print.docs.slip} testId="volunteer-reprint" className="btn btn-small btn-ghost" />
                </li>
              ))}
            </ul>
            <PrintFindForm t={t} />
          </section>
        </aside>
      </div>
    </div>
  );
}
