import type { Metadata } from 'next';
import { NotForYouPage, SignInPage, signedInActor } from '@/components/staff-gate';
import { InspectForm, type InspectHall } from '@/components/inspect/inspect-form';
import { getMessages } from '@/lib/locale';
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
  const [{ t }, actor] = await Promise.all([getMessages(), signedInActor()]);
  if (!actor) return <SignInPage title={t.inspect.loginTitle} />;
  if (actor.role !== 'inspector') return <NotForYouPage title={t.inspect.title} message={t.inspect.notInspector} name={actor.displayName} testId="inspect-not-inspector" account={actor} />;
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
