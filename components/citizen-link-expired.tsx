import { type Messages, format } from '@/lib/i18n';

export type ExpiredLink = { at: string; timeZone: string; hall: { slug: string; name: string } };

/** The hall-local time the link ended, as the page says it: 2026年12月8日 00:00. */
function hallTimeOf(at: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/**
 * A ticket link past its end (the end of the hall day on which the visit ended): says since
 * when and why, and leads back to the visit's hall.
 */
export function CitizenLinkExpired({ expired, locale, t }: { expired: ExpiredLink; locale: string; t: Messages }) {
  const n = t.citizen.notFound;
  return (
    <div className="page page-narrow">
      <section className="card empty-state" data-testid="ticket-link-expired">
        <h1>{n.expiredTitle}</h1>
        <p className="muted">{format(n.expiredBody, { at: hallTimeOf(expired.at, expired.timeZone, locale) })}</p>
        <a className="btn btn-primary btn-lg" href={`/h/${expired.hall.slug}`} data-testid="not-found-back">
          {format(n.expiredBack, { hall: expired.hall.name })}
        </a>
      </section>
    </div>
  );
}
