import Link from 'next/link';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const [{ t }, halls] = await Promise.all([getMessages(), getServices().halls.list()]);
  return (
    <div className="page page-wide">
      <div className="page-heading">
        <h1>{t.home.title}</h1>
        <p className="muted">{t.home.subtitle}</p>
      </div>
      {halls.length === 0 ? (
        <p className="card muted">{t.home.noHalls}</p>
      ) : (
        <ul className="hall-list">
          {halls.map((hall) => (
            <li key={hall.id} className="card hall-card" data-testid={`hall-${hall.slug}`}>
              <h2>{hall.name}</h2>
              <p className="muted hall-slug">{hall.slug}</p>
              <div className="surface-links">
                <Link className="surface-link surface-take" href={`/h/${hall.slug}`}>
                  <strong>{t.home.take}</strong>
                  <span>{t.home.takeHint}</span>
                </Link>
                <Link className="surface-link surface-display" href={`/display/${hall.slug}`}>
                  <strong>{t.home.display}</strong>
                  <span>{t.home.displayHint}</span>
                </Link>
                <Link className="surface-link surface-counter" href="/counter">
                  <strong>{t.home.counter}</strong>
                  <span>{t.home.counterHint}</span>
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="api-link">
        <a href="/api/v1/openapi.json">{t.home.apiDoc}</a>
      </p>
    </div>
  );
}
