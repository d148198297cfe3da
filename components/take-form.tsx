'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { type ApiError, apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type Messages, format } from '@/lib/i18n';
import { type HallDetail, issueTicketResponse, mobilePhone } from '@/server/contracts/api';
import { EtaText } from './eta-text';
import { useMessages } from './i18n';

type Service = HallDetail['services'][number];

/**
 * The server's messages are written for developers, in English; a citizen gets a
 * sentence in their language. The two refusals citizens meet at intake are
 * recognised here until the API gives them their own codes.
 */
function describeIssueError(error: ApiError, t: Messages): string {
  if (error.code === 'NETWORK') return t.common.networkError;
  if (/all been taken/i.test(error.message)) return t.take.dailyCapHint;
  if (/opening hours/i.test(error.message)) return t.take.hoursHint;
  return describeApiError(error, t);
}

export function TakeForm({ hall, services }: { hall: string; services: Service[] }) {
  const t = useMessages();
  const router = useRouter();
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  async function take(service: Service) {
    if (inFlight.current) return;
    const trimmed = phone.replace(/\s+/g, '');
    if (trimmed && !mobilePhone.safeParse(trimmed).success) {
      setPhoneError(true);
      return;
    }
    inFlight.current = true;
    setBusy(service.id);
    setError(null);
    const result = await apiPost(`/api/v1/halls/${encodeURIComponent(hall)}/tickets`, issueTicketResponse, {
      serviceId: service.id,
      channel: 'phone',
      ...(trimmed ? { phone: trimmed } : {}),
    });
    if (result.ok) {
      const { url } = result.data.ticket;
      // The URL is absolute when the server knows its public address.
      if (/^https?:\/\//.test(url)) window.location.assign(url);
      else router.push(url);
      return;
    }
    inFlight.current = false;
    setBusy(null);
    setError(`${t.take.failed}：${describeIssueError(result.error, t)}`);
  }

  return (
    <div className="take">
      <div className="card field-card">
        <label className="field-label" htmlFor="take-phone">
          {t.take.phoneLabel}
        </label>
        <input
          id="take-phone"
          data-testid="take-phone"
          className={`input input-lg tabular${phoneError ? ' input-invalid' : ''}`}
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          maxLength={13}
          placeholder={t.take.phonePlaceholder}
          value={phone}
          aria-invalid={phoneError}
          aria-describedby="take-phone-hint"
          onChange={(e) => {
            setPhone(e.target.value);
            setPhoneError(false);
          }}
        />
        <p id="take-phone-hint" className={phoneError ? 'field-error' : 'field-hint'}>
          {phoneError ? t.take.phoneInvalid : t.take.phoneHint}
        </p>
      </div>

      <h2 className="section-title">{t.take.chooseService}</h2>
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="take-error">
          {error}
        </p>
      ) : null}
      <ul className="service-list">
        {services.map((s) => {
          const closed = !s.openNow;
          return (
            <li key={s.id}>
              <button
                type="button"
                className={`service-button kind-${s.kind}`}
                data-testid={`service-${s.prefix}`}
                disabled={closed || busy !== null}
                aria-busy={busy === s.id}
                onClick={() => void take(s)}
              >
                <span className="service-prefix" aria-hidden="true">
                  {s.prefix}
                </span>
                <span className="service-body">
                  <span className="service-name">
                    {s.name}
                    {s.instantApproval ? <span className="badge badge-instant">{t.take.instantApproval}</span> : null}
                  </span>
                  <span className="service-meta tabular">
                    {busy === s.id ? (
                      t.take.taking
                    ) : closed ? (
                      t.take.closedNow
                    ) : (
                      <>
                        {format(t.take.waiting, { n: s.waiting })}
                        <span className="dot" aria-hidden="true">
                          ·
                        </span>
                        <EtaText low={s.etaMinutes.low} high={s.etaMinutes.high} />
                      </>
                    )}
                  </span>
                  {s.instantApproval ? <span className="service-note">{t.take.instantApprovalNote}</span> : null}
                </span>
                <span className="service-arrow" aria-hidden="true">
                  ›
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
