'use client';

import { useCallback } from 'react';
import { CheckInForm } from '../appointments/check-in-form';
import { useMessages } from '../i18n';
import { KioskFrame } from './kiosk-frame';

/** 预约签到 on the kiosk: the check-in form with on-screen keys, framed like every kiosk screen. */
export function KioskCheckIn({ hall }: { hall: { slug: string; name: string } }) {
  const t = useMessages();
  const c = t.appointments.checkIn;
  const home = useCallback(() => window.location.assign(`/kiosk/${encodeURIComponent(hall.slug)}`), [hall.slug]);
  return (
    <KioskFrame hallName={hall.name} subtitle={c.kioskTitle} atStart={false} onHome={home} testId="kiosk-check-in-screen" screen="check-in">
      <main className="kiosk-main kiosk-panel check-in-kiosk kiosk-check-in">
        <p className="kiosk-lead">{c.intro}</p>
        <CheckInForm kiosk initialCode="" />
      </main>
    </KioskFrame>
  );
}
