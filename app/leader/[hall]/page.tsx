import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { HallScreen } from '@/components/leader/hall-screen';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';
import { LeaderLogin, LeaderRefused, signedInActor } from '../access';
import '../leader.css';
import '../leader-panels.css';
import '../leader-walls.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ hall: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.leader.hallTitle, robots: { index: false, follow: false } };
}

/** One hall's live big screen for its leaders (and the district's). */
export default async function LeaderHallPage({ params }: Props) {
  const [{ hall }, { t }, actor] = await Promise.all([params, getMessages(), signedInActor()]);
  if (!actor) return <LeaderLogin t={t} />;
  if (!/^[a-z0-9-]{1,64}$/i.test(hall)) notFound();
  const metrics = await getServices().liveMetrics.hallMetrics(actor, hall);
  if (!metrics.ok) {
    if (metrics.error.code === 'NOT_FOUND') notFound();
    const inDistrict = actor.role === 'leader' || actor.role === 'admin';
    return <LeaderRefused message={inDistrict ? t.leader.notInDistrict : t.leader.notLeader} name={actor.displayName} account={actor} />;
  }
  // The big screen never scrolls: today's appointments are on /duty, linked from its header (今日预约).
  return <HallScreen initial={metrics.data} />;
}
