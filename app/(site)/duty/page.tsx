import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { DutyBoard } from '@/components/duty-board';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
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
  const [{ t }, jar] = await Promise.all([getMessages(), cookies()]);
  const actor = await services.auth.authenticate(jar.get(sessionCookieName)?.value);

  if (!actor) {
    return (
      <div className="page page-login">
        <LoginForm title={t.duty.loginTitle} />
      </div>
    );
  }
  if (actor.role !== 'leader' && actor.role !== 'admin') {
    return (
      <div className="page page-narrow">
        <section className="card empty-state">
          <h1>{t.duty.title}</h1>
          <p data-testid="duty-not-leader">{format(t.duty.notLeader, { name: actor.displayName })}</p>
          <LogoutButton />
        </section>
      </div>
    );
  }
  const board = await services.dutyBoard(actor, actor.hall.id);
  if (!board.ok) throw new Error(board.error.message);
  return (
    <div className="page page-duty">
      <DutyBoard initial={board.data} me={{ displayName: actor.displayName }} />
    </div>
  );
}
