import type { Metadata } from 'next';
import { NotForYouPage, SignInPage, signedInActor } from '@/components/staff-gate';
import { redirect } from 'next/navigation';
import { CounterAppointments } from '@/components/appointments-today/counter-appointments';
import { CounterConsole } from '@/components/counter-console';
import { getMessages } from '@/lib/locale';
import { getServices } from '@/server/registry';
import './console.css';
import '../conditional.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.counter.title, robots: { index: false, follow: false } };
}

export default async function CounterPage() {
  const services = getServices();
  const [{ t }, actor] = await Promise.all([getMessages(), signedInActor()]);
  if (!actor) return <SignInPage />;
  // A leader who signs in here has no counter: their screen is the leaders' one.
  if (!actor.counterId && actor.role === 'leader') redirect('/leader');
  if (!actor.counterId) return <NotForYouPage title={t.counter.title} message={t.counter.noCounter} name={actor.displayName} testId="no-counter" account={actor} />;

  const [state, hall, conditionalLimits, appointments] = await Promise.all([
    services.counters.state(actor, actor.counterId),
    services.halls.detail(actor.hall.id),
    services.conditional.limits(actor.hall.id),
    services.appointmentsToday.forCounter(actor, actor.counterId),
  ]);
  if (!state.ok) throw new Error(state.error.message);
  if (!hall.ok) throw new Error(hall.error.message);

  return (
    <div className="page page-console">
      <CounterConsole initial={state.data} hall={hall.data} staff={{ displayName: actor.displayName, username: actor.username }} conditionalLimits={conditionalLimits} />
      {appointments.ok ? <CounterAppointments hall={hall.data.slug} counterId={actor.counterId} initial={appointments.data} /> : null}
    </div>
  );
}
