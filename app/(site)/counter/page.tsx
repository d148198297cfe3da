import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { CounterConsole } from '@/components/counter-console';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
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
  const [{ t }, jar] = await Promise.all([getMessages(), cookies()]);
  const actor = await services.auth.authenticate(jar.get(sessionCookieName)?.value);

  if (!actor) {
    return (
      <div className="page page-login">
        <LoginForm />
      </div>
    );
  }

  // A leader who signs in here has no counter: their screen is the leaders' one.
  if (!actor.counterId && actor.role === 'leader') redirect('/leader');
  if (!actor.counterId) {
    return (
      <div className="page page-narrow">
        <section className="card empty-state">
          <h1>{t.counter.title}</h1>
          <p data-testid="no-counter">{format(t.counter.noCounter, { name: actor.displayName })}</p>
          <LogoutButton />
        </section>
      </div>
    );
  }

  const [state, hall, conditionalLimits] = await Promise.all([
    services.counters.state(actor, actor.counterId),
    services.halls.detail(actor.hall.id),
    services.conditional.limits(actor.hall.id),
  ]);
  if (!state.ok) throw new Error(state.error.message);
  if (!hall.ok) throw new Error(hall.error.message);

  return (
    <div className="page page-console">
      <CounterConsole initial={state.data} hall={hall.data} staff={{ displayName: actor.displayName, username: actor.username }} conditionalLimits={conditionalLimits} />
    </div>
  );
}
