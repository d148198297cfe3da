import Link from 'next/link';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

type HomeText = Awaited<ReturnType<typeof getMessages>>['t']['home'];
type SurfaceKey = 'take' | 'kiosk' | 'display' | 'counterScreen' | 'book' | 'checkIn' | 'leaderHall';

/** Every surface of one hall, in the order a visitor meets them. */
const hallSurfaces: Array<{ key: SurfaceKey; className: string; href: (slug: string) => string }> = [
  { key: 'take', className: 'surface-take', href: (slug) => `/h/${slug}` },
  { key: 'kiosk', className: 'surface-take', href: (slug) => `/kiosk/${slug}` },
  { key: 'book', className: 'surface-take', href: (slug) => `/h/${slug}/book` },
  { key: 'checkIn', className: 'surface-take', href: (slug) => `/h/${slug}/check-in` },
  { key: 'display', className: 'surface-display', href: (slug) => `/display/${slug}` },
  { key: 'counterScreen', className: 'surface-display', href: (slug) => `/display/${slug}/counter/1` },
  { key: 'leaderHall', className: 'surface-counter', href: (slug) => `/leader/${slug}` },
];

type StaffKey = 'counter' | 'duty' | 'volunteer' | 'inspect' | 'leaders' | 'rectification' | 'caseLookup' | 'admin';
const staffSurfaces: Array<{ key: StaffKey; href: string }> = [
  { key: 'counter', href: '/counter' },
  { key: 'duty', href: '/duty' },
  { key: 'volunteer', href: '/volunteer' },
  { key: 'inspect', href: '/inspect' },
  { key: 'leaders', href: '/leader' },
  { key: 'rectification', href: '/leader/rectification' },
  { key: 'caseLookup', href: '/case' },
  { key: 'admin', href: '/admin' },
];

const hintOf = (t: HomeText, key: SurfaceKey | StaffKey): string => t[`${key}Hint`];

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
                {hallSurfaces.map((s) => (
                  <Link key={s.key} className={`surface-link ${s.className}`} href={s.href(hall.slug)} data-surface={s.key}>
                    <strong>{t.home[s.key]}</strong>
                    <span>{hintOf(t.home, s.key)}</span>
                  </Link>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      <section className="card staff-surfaces">
        <h2>{t.home.staffTitle}</h2>
        <p className="muted">{t.home.staffHint}</p>
        <div className="surface-links">
          {staffSurfaces.map((s) => (
            <Link key={s.key} className="surface-link surface-counter" href={s.href} data-surface={s.key}>
              <strong>{t.home[s.key]}</strong>
              <span>{hintOf(t.home, s.key)}</span>
            </Link>
          ))}
        </div>
      </section>
      <p className="api-link">
        <a href="/api/v1/openapi.json">{t.home.apiDoc}</a>
      </p>
    </div>
  );
}
