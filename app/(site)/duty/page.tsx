import type { Metadata } from 'next';
import { HallAppointments } from '@/components/appointments-today/hall-appointments';
import { NotForYouPage, SignInPage, signedInActor } from '@/components/staff-gate';
import { DutyBoard } from '@/components/duty-board';
import { LeaderNav } from '@/components/leader/leader-nav';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';
import './duty.css';
import '../conditional.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.duty.title, robots: { index: false, follow: false } };
}

export default async function DutyPage() {
  const services = getServices();
  const [{ t }, actor] = await Promise.all([getMessages(), signedInActor()]);
  if (!actor) return <SignInPage title={t.duty.loginTitle} />;
  if (actor.role !== 'leader' && actor.role !== 'admin') return <NotForYouPage title={t.duty.title} message={t.duty.notLeader} name={actor.displayName} testId="duty-not-leader" account={actor} />;
  const [board, appointments] = await Promise.all([services.dutyBoard(actor, actor.hall.id), services.appointmentsToday.forHall(actor, actor.hall.id)]);
  if (!board.ok) throw new Error(board.error.message);
  return (
    <div className="page page-duty">
      <LeaderNav current="duty" hallSlug={actor.hall.slug} />
      <DutyBoard initial={board.data} me={{ displayName: actor.displayName }} />
      {appointments.ok ? <HallAppointments hall={actor.hall.slug} initial={appointments.data} /> : null}
    </div>
  );
}
