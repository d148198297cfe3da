import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { HistoryView } from '@/components/leader-history/history-view';
import { LeaderNav } from '@/components/leader/leader-nav';
import { SignInPage, YourPlaces } from '@/components/staff-gate';
import { LogoutButton } from '@/components/logout-button';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
import { addDays } from '@/server/domain/hall-day';
import { getServices } from '@/server/registry';
import './history.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.leaderHistory.title, robots: { index: false, follow: false } };
}

/** 历史数据: the leader's own hall, the last 30 days by day to start with. */
export default async function LeaderHistoryPage() {
  const services = getServices();
  const [{ t }, jar] = await Promise.all([getMessages(), cookies()]);
  const actor = await services.auth.authenticate(jar.get(sessionCookieName)?.value);
  if (!actor) {
    return (
      <div className="leader-history leader-history-login">
        <SignInPage title={t.leaderHistory.loginTitle} />
      </div>
    );
  }
  if (actor.role !== 'leader' && actor.role !== 'admin') {
    return (
      <div className="leader-history leader-history-login">
        <section className="card empty-state">
          <h1>{t.leaderHistory.title}</h1>
          <p data-testid="history-not-leader">{format(t.leaderHistory.notLeader, { name: actor.displayName })}</p>
          <YourPlaces account={actor} />
          <LogoutButton />
        </section>
      </div>
    );
  }
  const today = await services.history.today(actor.hall.id);
  if (!today) throw new Error('The signed-in account has no hall');
  const query = { from: addDays(today, -29), to: today, groupBy: 'day' as const, by: 'hall' as const };
  const initial = await services.history.report(actor, actor.hall.id, query);
  if (!initial.ok) throw new Error(initial.error.message);
  return (
    <div className="leader-history">
      <LeaderNav current="history" hallSlug={actor.hall.slug} />
      <HistoryView hall={{ slug: actor.hall.slug, name: actor.hall.name }} today={today} initial={initial.data} />
    </div>
  );
}
