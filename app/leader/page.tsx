import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { DistrictScreen } from '@/components/leader/district-screen';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';
import { LeaderLogin, LeaderRefused, signedInActor } from './access';
import './leader.css';
import './leader-panels.css';
import './leader-walls.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.leader.districtTitle, robots: { index: false, follow: false } };
}

/** The district's live screen: every hall the leader may see; one hall goes straight to its own screen. */
export default async function LeaderDistrictPage() {
  const [{ t }, actor] = await Promise.all([getMessages(), signedInActor()]);
  if (!actor) return <LeaderLogin t={t} />;
  const district = await getServices().liveMetrics.district(actor);
  if (!district.ok) return <LeaderRefused message={t.leader.notLeader} name={actor.displayName} account={actor} />;
  const [only] = district.data.halls;
  if (district.data.halls.length === 1 && only) redirect(`/leader/${encodeURIComponent(only.hall.slug)}`);
  return <DistrictScreen initial={district.data.halls} />;
}
