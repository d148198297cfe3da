'use client';

import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import type { TicketAlerts } from './use-ticket-alerts';

/** "快到您了": shown while the ticket waits with the hall's threshold or fewer ahead. */
export function NearlyBanner({ ahead }: { ahead: number }) {
  const t = useMessages().ticketLive.nearly;
  return (
    <section className="card nearly-banner" data-testid="nearly-banner" role="status" aria-live="polite">
      <h2>{t.title}</h2>
      <p>{ahead === 0 ? t.bodyNext : format(t.body, { n: ahead })}</p>
    </section>
  );
}

/** "开启提醒": one tap unlocks sound and vibration and asks for notifications. */
export function AlertCard({ alerts }: { alerts: TicketAlerts }) {
  const t = useMessages().ticketLive.alerts;
  if (!alerts.enabled) {
    return (
      <section className="card alert-card" aria-labelledby="alert-card-title">
        <h2 className="section-title" id="alert-card-title">
          {t.title}
        </h2>
        <p className="alert-card-hint">{t.hint}</p>
        <button type="button" className="btn btn-primary btn-block" data-testid="btn-enable-alerts" onClick={alerts.enable}>
          {t.enable}
        </button>
      </section>
    );
  }
  const ways = [t.ways.sound, ...(alerts.canVibrate ? [t.ways.vibrate] : []), ...(alerts.permission === 'granted' ? [t.ways.notify] : [])];
  return (
    <div className="alert-card-on" data-testid="alerts-on" role="status">
      <p>
        <span aria-hidden="true">✓ </span>
        {format(t.onWith, { ways: ways.join('、') })}
      </p>
      {alerts.permission === 'denied' ? <p className="muted-line">{t.notifyDenied}</p> : null}
      {alerts.permission === 'unsupported' ? <p className="muted-line">{t.notifyUnsupported}</p> : null}
    </div>
  );
}
