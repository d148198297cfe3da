'use client';

import { useMessages } from '../i18n';

/**
 * The hall's urgent notice ("系统故障，暂停取号"), full width and high contrast, for as long
 * as the snapshot carries it: an admin posts or clears it, the server sends every screen a
 * fresh snapshot, and the screen shows or drops the banner without a reload.
 */
export function UrgentBanner({ text, className }: { text: string | null | undefined; className: string }) {
  const t = useMessages();
  if (!text) return null;
  return (
    <div className={`urgent-banner ${className}`} role="alert" data-testid="urgent-banner">
      <span className="urgent-banner-label">
        <span aria-hidden="true">⚠</span> {t.display.urgent}
      </span>
      <span className="urgent-banner-text" data-testid="urgent-banner-text">
        {text}
      </span>
    </div>
  );
}
