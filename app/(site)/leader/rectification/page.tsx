import { LeaderNav } from '@/components/leader/leader-nav';
import type { Metadata } from 'next';
import { NotForYouPage, SignInPage, signedInActor } from '@/components/staff-gate';
import { RectificationBoard } from '@/components/rectification/board';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';
import './rectification.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.rectification.title, robots: { index: false, follow: false } };
}

/** 整改: the hall's open and overdue work orders, for its leaders and admins. */
export default async function RectificationPage() {
  const services = getServices();
  const [{ t }, actor] = await Promise.all([getMessages(), signedInActor()]);
  if (!actor) return <SignInPage title={t.rectification.loginTitle} />;
  if (actor.role !== 'leader' && actor.role !== 'admin') return <NotForYouPage title={t.rectification.title} message={t.rectification.notLeader} name={actor.displayName} testId="rect-not-leader" account={actor} />;
  const list = await services.workOrders.list(actor, actor.hall.id, 'open');
  if (!list.ok) throw new Error(list.error.message);
  return (
    <div className="page page-rect">
      <LeaderNav current="rectification" hallSlug={actor.hall.slug} />
      <RectificationBoard hall={actor.hall} me={{ id: actor.id, displayName: actor.displayName }} initial={list.data} />
    </div>
  );
}
