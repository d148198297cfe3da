import { type Messages, format } from '@/lib/i18n';
import { weekdaysText, whenText } from '@/lib/citizen-format';
import { shortTime } from '@/lib/time';
import type { HallHome } from '@/server/contracts/citizen';
import { MyTickets, UnresolvedSheet } from './my-tickets';
import { ServiceCard } from './service-card';
import { TakeSheet } from './take-sheet';

/** The hall's home for citizens: rendered on the server, with no React in the browser. */
export function HallHomeView({ home, t }: { home: HallHome; t: Messages }) {
  const h = t.citizen.home;
  const { hall } = home;
  const unresolved = home.services.find((s) => s.kind === 'unresolved_matter');
  const hoursText = home.hours.map((w) => ({
    days: weekdaysText(w.weekdays, t),
    ranges: w.ranges.map((r) => `${r.from}–${r.to}`).join('  '),
    partial: w.partial,
  }));
  return (
    <div className="page page-narrow home">
      <section className="card home-hero" aria-labelledby="hall-name">
        <p className="eyebrow">{h.eyebrow}</p>
        <h1 id="hall-name">{hall.name}</h1>
        <p className={`home-status ${home.openNow ? 'is-open' : 'is-closed'}`} data-testid="hall-status">
          <strong>{home.openNow ? h.openNow : h.closedNow}</strong>
          {!home.openNow && home.nextOpening ? <span> · {format(h.opensAt, { when: whenText(home.nextOpening, t) })}</span> : null}
        </p>
        {hall.address ? <p className="muted home-address">{hall.address}</p> : null}
      </section>

      <nav className="entries" aria-label={h.servicesTitle}>
        <a className="entry entry-take" href="#services" data-testid="entry-take">
          <strong>{h.entryTake}</strong>
          <span>{h.entryTakeHint}</span>
        </a>
        <a className="entry entry-book" href={`/h/${hall.slug}/book`} data-testid="entry-book">
          <strong>{h.entryBook}</strong>
          <span>{h.entryBookHint}</span>
        </a>
        <a className="entry entry-case" href="/case" data-testid="entry-case">
          <strong>{h.entryCase}</strong>
          <span>{h.entryCaseHint}</span>
        </a>
        {/* Without the script it still leads to the 办不成事 service's card; with it, the form opens. */}
        <a
          className="entry entry-unresolved"
          href={unresolved ? `#svc-${unresolved.prefix}` : '#services'}
          data-testid="entry-unresolved"
          data-unresolved-open=""
        >
          <strong>{h.entryUnresolved}</strong>
          <span>{h.entryUnresolvedHint}</span>
        </a>
      </nav>

      <MyTickets t={t} />

      {home.notices.length > 0 ? (
        <section className="card home-notices" aria-labelledby="notices-title" data-testid="hall-notices">
          <h2 id="notices-title" className="section-title">
            {h.noticesTitle}
          </h2>
          <ul>
            {home.notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section id="services" className="home-services" aria-labelledby="services-title">
        <div className="section-head">
          <h2 id="services-title" className="section-title">
            {h.servicesTitle}
          </h2>
          <p className="muted">{h.servicesHint}</p>
          <p className="updated-line js-updated tabular" data-testid="waits-updated">
            {format(h.updated, { time: shortTime(home.at) })}
          </p>
        </div>
        <ul className="svc-list">
          {home.services.map((s) => (
            <ServiceCard key={s.id} service={s} t={t} />
          ))}
        </ul>
      </section>

      {hoursText.length > 0 || hall.address ? (
        <section className="card home-facts" aria-labelledby="hours-title" data-testid="hall-hours">
          <h2 id="hours-title" className="section-title">
            {h.hoursTitle}
          </h2>
          <dl className="facts">
            {hoursText.map((w, i) => (
              <div key={i}>
                <dt>
                  {w.days}
                  {w.partial ? h.partial : ''}
                </dt>
                <dd className="tabular">{w.ranges}</dd>
              </div>
            ))}
            {hall.address ? (
              <div>
                <dt>{h.addressTitle}</dt>
                <dd>{hall.address}</dd>
              </div>
            ) : null}
          </dl>
        </section>
      ) : null}

      <TakeSheet t={t} textsOnCall={home.textsOnCall ?? false} keptDays={home.contactRetentionDays ?? 30} />
      <UnresolvedSheet t={t} />
    </div>
  );
}
