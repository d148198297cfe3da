import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { VolunteerIntake } from '@/components/volunteer/volunteer-intake';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
import { getServices } from '@/server/registry';
import './volunteer.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.conditional.volunteer.title, robots: { index: false, follow: false } };
}

/** Who takes numbers for citizens: volunteers first, and counter staff or leaders helping out. */
const assisting = new Set(['volunteer', 'staff', 'leader', 'admin']);

export default async function VolunteerPage() {
  const services = getServices();
  const [{ t }, jar] = await Promise.all([getMessages(), cookies()]);
  const actor = await services.auth.authenticate(jar.get(sessionCookieName)?.value);
  if (!actor) {
    return (
      <div className="page page-login">
        <LoginForm title={t.conditional.volunteer.loginTitle} />
      </div>
    );
  }
  if (!assisting.has(actor.role)) {
    return (
      <div className="page page-narrow">
        <section className="card empty-state">
          <h1>{t.conditional.volunteer.title}</h1>
          <p data-testid="volunteer-not-allowed">{format(t.conditional.volunteer.notVolunteer, { name: actor.displayName })}</p>
          <LogoutButton />
        </section>
      </div>
    );
  }
  const [hall, recent] = await Promise.all([services.halls.detail(actor.hall.id), services.intake.issuedByMe(actor)]);
  if (!hall.ok) throw new Error(hall.error.message);
  if (!recent.ok) throw new Error(recent.error.message);
  return (
    <div className="page page-volunteer">
      <VolunteerIntake hall={hall.data} initialRecent={recent.data.tickets} me={{ displayName: actor.displayName }} />
    </div>
  );
}
