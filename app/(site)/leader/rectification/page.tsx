import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { RectificationBoard } from '@/components/rectification/board';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
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
  const [{ t }, jar] = await Promise.all([getMessages(), cookies()]);
  const actor = await services.auth.authenticate(jar.get(sessionCookieName)?.value);
  if (!actor) {
    return (
      <div className="page page-login">
        <LoginForm title={t.rectification.loginTitle} />
      </div>
    );
  }
  if (actor.role !== 'leader' && actor.role !== 'admin') {
    return (
      <div className="page page-narrow">
        <section className="card empty-state">
          <h1>{t.rectification.title}</h1>
          <p data-testid="rect-not-leader">{format(t.rectification.notLeader, { name: actor.displayName })}</p>
          <LogoutButton />
        </section>
      </div>
    );
  }
  const list = await services.workOrders.list(actor, actor.hall.id, 'open');
  if (!list.ok) throw new Error(list.error.message);
  return (
    <div className="page page-rect">
      <RectificationBoard hall={actor.hall} me={{ id: actor.id, displayName: actor.displayName }} initial={list.data} />
    </div>
  );
}
