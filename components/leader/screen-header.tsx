'use client';

import Link from 'next/link';
import { format } from '@/lib/i18n';
import { calendarDay, clockTime } from '@/lib/time';
import type { ConnectionState } from '../realtime/hall-stream';
import { useMessages } from '../i18n';

/** The big screen's title bar: what it shows, the server's date and time, the link's state, the other leader pages. */
export function ScreenHeader({ title, subtitle, connection, now, hallSlug }: { title: string; subtitle: string; connection: ConnectionState; now: number; hallSlug?: string }) {
  const t = useMessages();
  const day = calendarDay(now);
  return (
    <header className="lb-head">
      <div className="lb-head-side">
        <span className="lb-head-sub">{subtitle}</span>
        <nav className="lb-nav">
          <Link href="/leader">{t.leader.nav.district}</Link>
          <Link href={hallSlug ? `/leader/daily?hall=${encodeURIComponent(hallSlug)}` : '/leader/daily'}>{t.leader.nav.daily}</Link>
          <Link href={hallSlug ? `/leader/history?hall=${encodeURIComponent(hallSlug)}` : '/leader/history'}>{t.leader.nav.history}</Link>
          <Link href={hallSlug ? `/leader/rectification?hall=${encodeURIComponent(hallSlug)}` : '/leader/rectification'}>{t.leader.nav.rectification}</Link>
          <Link href="/duty">{t.leader.nav.duty}</Link>
          <Link href="/duty#appointments" data-testid="leader-appointments-link">
            {t.leader.nav.appointments}
          </Link>
        </nav>
      </div>
      <h1 className="lb-title">{title}</h1>
      <div className="lb-head-side lb-head-right">
        <span className="lb-clock tabular" suppressHydrationWarning>
          {format(t.display.date, day)} {t.display.weekdays[day.weekday]} {clockTime(now)}
        </span>
        <span className={`lb-link lb-link-${connection}`} data-testid="connection" data-state={connection} role="status">
          {t.leader.connection[connection]}
        </span>
      </div>
    </header>
  );
}
