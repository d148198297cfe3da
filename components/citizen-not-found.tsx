import type { Messages } from '@/lib/i18n';

export type HallLink = { slug: string; name: string };

/**
 * A citizen's link that leads nowhere (a mistyped or expired ticket link, an unknown hall):
 * plain words and the way back to a hall's home, never the site's index of staff pages.
 */
export function CitizenNotFound({ kind, halls, t }: { kind: 'ticket' | 'hall'; halls: HallLink[]; t: Messages }) {
  const n = t.citizen.notFound;
  return (
    <div className="page page-narrow">
      <section className="card empty-state" data-testid="citizen-not-found">
        <h1>{kind === 'ticket' ? n.ticketTitle : n.hallTitle}</h1>
        <p className="muted">{kind === 'ticket' ? n.ticketBody : n.hallBody}</p>
        {halls.length === 1 && halls[0] ? (
          <a className="btn btn-primary btn-lg" href={`/h/${halls[0].slug}`} data-testid="not-found-back">
            {n.back}
          </a>
        ) : (
          <>
            <p>{n.chooseHall}</p>
            <ul className="hall-choices">
              {halls.map((h) => (
                <li key={h.slug}>
                  <a className="btn btn-secondary btn-block" href={`/h/${h.slug}`} data-testid="not-found-hall">
                    {h.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
