'use client';

import { format } from '@/lib/i18n';
import type { HallDetail } from '@/server/contracts/api';
import { useMessages } from '../i18n';

type Service = HallDetail['services'][number];

/**
 * The hall's published guide for the current ticket's service, to check the citizen's
 * papers against; between tickets, the next one's, to get ready.
 */
export function ServiceGuide({ service, previewOf }: { service: Service | null; previewOf: string | null }) {
  const t = useMessages();
  const g = t.counter.guide;
  return (
    <section className="card guide-card" aria-labelledby="guide-title" data-testid="service-guide">
      <div className="side-head">
        <h2 id="guide-title">{g.title}</h2>
        {service ? (
          <span className="guide-service" data-testid="guide-service">
            {format(g.forService, { prefix: service.prefix, name: service.name })}
            {service.instantApproval ? <span className="badge badge-instant">{g.instant}</span> : null}
          </span>
        ) : null}
      </div>
      {service && previewOf ? (
        <p className="guide-preview" data-testid="guide-preview">
          {format(g.previewNext, { number: previewOf })}
        </p>
      ) : null}
      {service ? (
        <div className="guide-body">
          <h3>{g.materials}</h3>
          <ol className="guide-materials" data-testid="guide-materials">
            {service.guide.materials.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ol>
          {service.guide.conditions.length > 0 ? (
            <>
              <h3>{g.conditions}</h3>
              <ul className="guide-list">
                {service.guide.conditions.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </>
          ) : null}
          <dl className="guide-facts">
            <div>
              <dt>{g.timeLimit}</dt>
              <dd>{service.guide.timeLimit}</dd>
            </div>
            <div>
              <dt>{g.fees}</dt>
              <dd>{service.guide.fees}</dd>
            </div>
          </dl>
          {service.guide.notes ? (
            <p className="guide-notes">
              <b>{g.notes}</b> {service.guide.notes}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="muted side-empty">{g.empty}</p>
      )}
    </section>
  );
}
