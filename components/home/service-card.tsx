import { type Messages, format } from '@/lib/i18n';
import { etaText, weekdaysText, whenText } from '@/lib/citizen-format';
import type { HomeService } from '@/server/contracts/citizen';

/** A service of the hall: live wait, 取号 (or 秒批 online first), and its guide folded below. */
export function ServiceCard({ service: s, t }: { service: HomeService; t: Messages }) {
  const h = t.citizen.home;
  const online = s.instantApproval && s.onlineUrl;
  const closedText = `${h.closed}${s.nextOpening ? ` · ${format(h.opensAtService, { when: whenText(s.nextOpening, t) })}` : ''}`;
  return (
    <li id={`svc-${s.prefix}`} className={`card svc kind-${s.kind}`} data-service-id={s.id} data-testid={`home-service-${s.prefix}`}>
      <div className="svc-head">
        <span className="service-prefix" aria-hidden="true">
          {s.prefix}
        </span>
        <div className="svc-title">
          <h3>{s.name}</h3>
          {s.instantApproval ? (
            <span className="badge badge-instant" data-testid={`instant-${s.prefix}`}>
              {h.instant}
            </span>
          ) : null}
        </div>
      </div>
      <p className="svc-live tabular js-live" data-testid={`home-wait-${s.prefix}`} hidden={!s.openNow}>
        <span className="js-waiting">{format(h.waiting, { n: s.waiting })}</span>
        <span className="dot" aria-hidden="true">
          ·
        </span>
        <span className="js-eta">{etaText(s.etaMinutes, t)}</span>
      </p>
      <p className="svc-closed js-closed" data-testid={`home-closed-${s.prefix}`} hidden={s.openNow}>
        {closedText}
      </p>
      {online ? <p className="svc-instant-note">{h.instantNote}</p> : null}
      <div className="svc-actions">
        {online ? (
          <a className="btn btn-success btn-lg" href={s.onlineUrl ?? undefined} rel="noopener noreferrer" data-testid={`online-${s.prefix}`}>
            {h.online}
          </a>
        ) : null}
        <button
          type="button"
          className={`btn btn-lg ${online ? 'btn-secondary' : 'btn-primary'}`}
          data-take={s.id}
          data-testid={`service-${s.prefix}`}
          disabled={!s.openNow}
        >
          {online ? h.takeAnyway : h.take}
        </button>
      </div>
      <details className="guide" data-testid={`guide-${s.prefix}`}>
        <summary>{h.guide}</summary>
        <dl className="guide-body">
          {s.guide.materials.length > 0 ? (
            <div>
              <dt>{h.materials}</dt>
              <dd>
                <ol className="guide-list">
                  {s.guide.materials.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ol>
              </dd>
            </div>
          ) : null}
          {s.guide.conditions.length > 0 ? (
            <div>
              <dt>{h.conditions}</dt>
              <dd>
                <ul className="guide-list guide-bullets">
                  {s.guide.conditions.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{h.timeLimit}</dt>
            <dd>
              {s.guide.timeLimit}
              {s.promisedDays !== null ? (
                <span className="guide-promise">{s.promisedDays === 0 ? h.promisedInstant : format(h.promisedDays, { n: s.promisedDays })}</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{h.fees}</dt>
            <dd>{s.guide.fees}</dd>
          </div>
          <div>
            <dt>{h.serviceHours}</dt>
            <dd className="tabular">
              {s.openingHours.length === 0
                ? h.anyTime
                : s.openingHours.map((p, i) => (
                    <span key={i} className="guide-hours">
                      {weekdaysText(p.weekdays, t)} {p.from}–{p.to}
                    </span>
                  ))}
              {s.dailyCap !== null ? <span className="guide-hours">{format(h.capLeft, { cap: s.dailyCap })}</span> : null}
            </dd>
          </div>
          {s.guide.notes ? (
            <div>
              <dt>{h.notes}</dt>
              <dd>{s.guide.notes}</dd>
            </div>
          ) : null}
        </dl>
      </details>
    </li>
  );
}
