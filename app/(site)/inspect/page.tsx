import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { InspectForm, type InspectHall } from '@/components/inspect/inspect-form';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
import { getServices } from '@/server/registry';
import './inspect.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.inspect.title, robots: { index: false, follow: false } };
}

/** 政务服务体验员: file a structured visit report from the phone, and follow the ones filed. */
export default async function InspectPage() {
  const services = getServices();
  const [{ t }, jar] = await Promise.all([getMessages(), cookies()]);
  const actor = await services.auth.authenticate(jar.get(sessionCookieName)?.value);
  if (!actor) {
    return (
      <div className="page page-login">
        <LoginForm title={t.inspect.loginTitle} />
      </div>
    );
  }
  if (actor.role !== 'inspector') {
    return (
      <div className="page page-narrow">
        <section className="card empty-state">
          <h1>{t.inspect.title}</h1>
          <p data-testid="inspect-not-inspector">{format(t.inspect.notInspector, { name: actor.displayName })}</p>
          <LogoutButton />
        </section>
      </div>
    );
  }
  const list = await services.halls.list();
  const details = await Promise.all(list.map((h) => services.halls.detail(h.slug)));
  // The inspector's own hall first: it is where most of their visits are.
  const halls: InspectHall[] = details
    .flatMap((d) => (d.ok ? [d.data] : []))
    .sort((a, b) => Number(b.id === actor.hallId) - Number(a.id === actor.hallId))
    .map((h) => ({
      slug: h.slug,
      name: h.name,
      services: h.services.map((s) => ({ id: s.id, name: s.name })),
      counters: h.counters.map((c) => ({ id: c.id, number: c.number, name: c.name })),
    }));
  const mine = await services.inspections.mine(actor);
  if (!mine.ok) throw new Error(mine.error.message);
  return (
    <div className="page page-narrow">
      <InspectForm halls={halls} initialReports={mine.data.reports} me={{ displayName: actor.displayName }} />
    </div>
  );
}
