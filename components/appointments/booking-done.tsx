'use client';

import Link from 'next/link';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { AppointmentView } from '@/server/contracts/appointments';
import { useMessages } from '../i18n';
import { BookingCancel } from './booking-cancel';

/** The confirmation: the code to show or type, the masked booking, and a QR code to check in. */
export function BookingDone({
  appointment,
  hall,
  knownLast4 = '',
  onAgain,
}: {
  appointment: AppointmentView;
  hall: string;
  /** The phone's last 4 digits when the citizen has just booked on this page. */
  knownLast4?: string;
  onAgain: () => void;
}) {
  const t = useMessages();
  const [a, setA] = useState(appointment);
  const booked = a.status === 'booked';
  const d = t.appointments.done;
  const checkInPath = `/h/${encodeURIComponent(hall)}/check-in?code=${a.code}`;
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    QRCode.toString(`${window.location.origin}${checkInPath}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((svg) => {
        if (live) setQr(svg);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [checkInPath]);

  return (
    <div className="booking-done" data-testid="booking-done" data-status={a.status}>
      <div className="card done-card">
        {a.status === 'cancelled' ? (
          <div className="alert booking-cancelled" role="status" data-testid="booking-cancelled">
            <p className="booking-cancelled-title">{d.cancelledTitle}</p>
            <p>{d.cancelledBody}</p>
          </div>
        ) : booked ? (
          <p className="done-title">✓ {d.title}</p>
        ) : (
          <p className="alert alert-info" role="status" data-testid="booking-state">
            {a.status === 'checked_in' ? d.checkedInNote : d.noShowNote}
          </p>
        )}
        <p className="field-label">{d.codeLabel}</p>
        <p className="done-code tabular" data-testid="booking-code">
          {a.code}
        </p>
        {booked ? <p className="muted">{d.codeHint}</p> : null}
        <dl className="facts done-facts">
          <div>
            <dt>{d.service}</dt>
            <dd>{a.serviceName}</dd>
          </div>
          <div>
            <dt>{d.time}</dt>
            <dd className="tabular" data-testid="booking-time">
              {a.day} {shortTime(a.slotStart)}–{shortTime(a.slotEnd)}
            </dd>
          </div>
          <div>
            <dt>{d.name}</dt>
            <dd data-testid="booking-name">{a.nameMasked}</dd>
          </div>
          <div>
            <dt>{d.phone}</dt>
            <dd className="tabular" data-testid="booking-phone">
              {a.phoneMasked}
            </dd>
          </div>
        </dl>
        {booked ? (
          <p className="alert alert-info">{format(d.window, { from: shortTime(a.checkIn.opensAt), to: shortTime(a.checkIn.closesAt) })}</p>
        ) : null}
        {booked && qr ? (
          <figure className="done-qr">
            {/* The SVG is generated here from our own URL; nothing user-supplied goes into it. */}
            <div className="done-qr-image" dangerouslySetInnerHTML={{ __html: qr }} />
            <figcaption className="muted">{d.qrHint}</figcaption>
          </figure>
        ) : null}
        {booked ? (
          <Link className="btn btn-primary btn-lg btn-block" href={checkInPath} data-testid="booking-check-in">
            {d.checkInLink}
          </Link>
        ) : null}
      </div>
      {booked ? <BookingCancel code={a.code} knownLast4={knownLast4} onCancelled={setA} /> : null}
      <button type="button" className="btn btn-ghost btn-block" onClick={onAgain}>
        {d.again}
      </button>
    </div>
  );
}
