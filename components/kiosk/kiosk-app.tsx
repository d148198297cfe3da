'use client';

import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import { etaText, intakeFailureText, whenText } from '@/lib/citizen-format';
import { format } from '@/lib/i18n';
import { postIdempotent } from '@/lib/idempotent-post';
import { issueTicketResponse } from '@/server/contracts/api';
import { type HallHome, type HomeService, hallWaits } from '@/server/contracts/citizen';
import { errorBody } from '@/server/contracts/common';
import { useMessages } from '../i18n';
import { type SlipTicket, TicketSlip } from '../print/ticket-slip';
import { KioskFrame } from './kiosk-frame';
import { useKioskDevice } from './use-kiosk-device';

const pollMs = 15_000;

type Screen = { kind: 'start' } | { kind: 'instant'; service: HomeService } | { kind: 'ticket'; ticket: SlipTicket };

const qrOf = (text: string) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/**
 * `setup`: opened by staff to set the kiosk up (`?setup=1`, or with `?key=`): only then does the
 * screen say whether the device key is bound; the public never reads it.
 */
export function KioskApp({ initial, keyFromUrl, setup }: { initial: HallHome; keyFromUrl: string | null; setup: boolean }) {
  const t = useMessages();
  const k = t.citizen.kiosk;
  const deviceKey = useKioskDevice(keyFromUrl);
  const [services, setServices] = useState(initial.services);
  const [screen, setScreen] = useState<Screen>({ kind: 'start' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [instantQr, setInstantQr] = useState<string | null>(null);
  const printed = useRef<string | null>(null);

  const reset = useCallback(() => {
    setScreen({ kind: 'start' });
    setError(null);
    setInstantQr(null);
  }, []);

  // Live waits: the kiosk runs all day, so it polls the hall's figures like the phones do.
  useEffect(() => {
    const timer = setInterval(() => {
      void fetch(`/api/v1/halls/${encodeURIComponent(initial.hall.slug)}/waits`, { cache: 'no-store' })
        .then((res) => (res.ok ? res.json() : null))
        .then((json: unknown) => {
          const parsed = hallWaits.safeParse(json);
          if (!parsed.success) return;
          const byId = new Map(parsed.data.services.map((w) => [w.id, w]));
          setServices((list) => list.map((s) => ({ ...s, ...byId.get(s.id) })));
        })
        .catch(() => undefined);
    }, pollMs);
    return () => clearInterval(timer);
  }, [initial.hall.slug]);

  // The slip goes to the printer once per ticket, after its QR code is in the page.
  useEffect(() => {
    if (screen.kind !== 'ticket' || printed.current === screen.ticket.number) return;
    printed.current = screen.ticket.number;
    const frame = requestAnimationFrame(() => window.print());
    return () => cancelAnimationFrame(frame);
  }, [screen]);

  async function take(service: HomeService) {
    if (busy) return;
    setBusy(service.id);
    setError(null);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (deviceKey) headers['x-device-key'] = deviceKey;
    try {
      // One key per tap, retried on a lost answer: one tap never prints two numbers.
      const res = await postIdempotent(`/api/v1/halls/${encodeURIComponent(initial.hall.slug)}/tickets`, {
        headers,
        body: JSON.stringify({ serviceId: service.id, channel: 'kiosk' }),
      });
      const json: unknown = await res.json().catch(() => null);
      const issued = res.status === 201 ? issueTicketResponse.safeParse(json) : null;
      if (issued?.success) {
        const { ticket } = issued.data;
        const url = /^https?:\/\//.test(ticket.url) ? ticket.url : `${window.location.origin}${ticket.url}`;
        const qrSvg = await qrOf(url).catch(() => null);
        setScreen({
          kind: 'ticket',
          ticket: {
            number: ticket.number,
            serviceName: service.name,
            ahead: Math.max(0, (ticket.position ?? 1) - 1),
            issuedAt: new Date().toISOString(),
            qrSvg,
          },
        });
      } else {
        const failed = errorBody.safeParse(json);
        setError(intakeFailureText(failed.success ? failed.data.error : { code: 'NETWORK' }, service, t));
        setScreen({ kind: 'start' });
      }
    } catch {
      setError(intakeFailureText({ code: 'NETWORK' }, service, t));
    } finally {
      setBusy(null);
    }
  }

  async function choose(service: HomeService) {
    if (service.instantApproval) {
      setScreen({ kind: 'instant', service });
      setInstantQr(service.onlineUrl ? await qrOf(service.onlineUrl).catch(() => null) : null);
      return;
    }
    await take(service);
  }

  return (
    <>
      <KioskFrame
        hallName={initial.hall.name}
        subtitle={k.title}
        atStart={screen.kind === 'start' && !error}
        onHome={reset}
        screen={screen.kind}
        footer={
          <footer className="kiosk-footer">
            <a className="kiosk-button kiosk-checkin" href={`/kiosk/${initial.hall.slug}/check-in`} data-testid="kiosk-check-in">
              <strong>{k.checkIn}</strong>
              <span>{k.checkInHint}</span>
            </a>
            {setup ? (
              <p className="kiosk-setup" data-testid="kiosk-setup">
                {k.setupTitle}：{deviceKey ? k.bound : k.unbound}
              </p>
            ) : null}
          </footer>
        }
      >

        {screen.kind === 'start' ? (
          <main className="kiosk-main">
            <h2 className="kiosk-prompt">{k.choose}</h2>
            {error ? (
              <p className="kiosk-error" role="alert" data-testid="kiosk-error">
                {error}
              </p>
            ) : null}
            <ul className="kiosk-grid">
              {services.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className={`kiosk-service kind-${s.kind}${s.instantApproval ? ' is-instant' : ''}`}
                    data-testid={`kiosk-service-${s.prefix}`}
                    disabled={!s.openNow || busy !== null}
                    aria-busy={busy === s.id}
                    onClick={() => void choose(s)}
                  >
                    <span className="kiosk-prefix">{s.prefix}</span>
                    <span className="kiosk-name">{s.name}</span>
                    <span className="kiosk-meta tabular">
                      {busy === s.id
                        ? k.taking
                        : !s.openNow
                          ? `${k.closed}${s.nextOpening ? ` · ${whenText(s.nextOpening, t)}` : ''}`
                          : s.instantApproval
                            ? k.instant
                            : `${format(k.waiting, { n: s.waiting })} · ${etaText(s.etaMinutes, t)}`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </main>
        ) : null}

        {screen.kind === 'instant' ? (
          <main className="kiosk-main kiosk-panel" data-testid="kiosk-instant">
            <h2 className="kiosk-prompt">{format(k.instantTitle, { service: screen.service.name })}</h2>
            <p className="kiosk-lead">{screen.service.onlineUrl ? k.instantBody : k.instantNoLink}</p>
            {instantQr ? <div className="kiosk-qr" dangerouslySetInnerHTML={{ __html: instantQr }} /> : null}
            <div className="kiosk-actions">
              <button
                type="button"
                className="kiosk-button kiosk-button-secondary"
                data-testid="kiosk-instant-take"
                disabled={busy !== null || !screen.service.openNow}
                onClick={() => void take(screen.service)}
              >
                {busy ? k.taking : k.instantCounter}
              </button>
              <button type="button" className="kiosk-button" onClick={reset}>
                {k.back}
              </button>
            </div>
          </main>
        ) : null}

        {screen.kind === 'ticket' ? (
          <main className="kiosk-main kiosk-panel" data-testid="kiosk-ticket">
            <p className="kiosk-lead">{k.yourNumber}</p>
            <p className="kiosk-number tabular" data-testid="kiosk-number">
              {screen.ticket.number}
            </p>
            <p className="kiosk-lead">{screen.ticket.serviceName}</p>
            <p className="kiosk-ahead" data-testid="kiosk-ahead">
              {screen.ticket.ahead === 0 ? k.aheadNone : format(k.ahead, { n: screen.ticket.ahead })}
            </p>
            {screen.ticket.qrSvg ? <div className="kiosk-qr" dangerouslySetInnerHTML={{ __html: screen.ticket.qrSvg }} /> : null}
            <p className="kiosk-lead">{k.scan}</p>
            <p className="kiosk-printing">{k.printing}</p>
            <div className="kiosk-actions">
              <button type="button" className="kiosk-button" data-testid="kiosk-done" onClick={reset}>
                {k.done}
              </button>
            </div>
          </main>
        ) : null}
      </KioskFrame>
      {screen.kind === 'ticket' ? <TicketSlip hallName={initial.hall.name} ticket={screen.ticket} t={t} printOnly /> : null}
    </>
  );
}
