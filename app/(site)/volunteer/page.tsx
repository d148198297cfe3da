import type { Metadata } from 'next';
import { NotForYouPage, SignInPage, signedInActor } from '@/components/staff-gate';
import { VolunteerIntake } from '@/components/volunteer/volunteer-intake';
import { getMessages } from '@/lib/locale';
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
  const [{ t }, actor] = await Promise.all([getMessages(), signedInActor()]);
  if (!actor) return <SignInPage title={t.conditional.volunteer.loginTitle} />;
  if (!assisting.has(actor.role)) return <NotForYouPage title={t.conditional.volunteer.title} message={t.conditional.volunteer.notVolunteer} name={actor.displayName} testId="volunteer-not-allowed" account={actor} />;
  const [hall, recent] = await Promise.all([services.halls.detail(actor.hall.id), services.intake.issuedByMe(actor)]);
  if (!hall.ok) throw new Error(hall.error.message);
  if (!recent.ok) throw new Error(recent.error.message);
  return (
    <div className="page page-volunteer">
      <VolunteerIntake hall={hall.data} initialRecent={recent.data.tickets} me={{ displayName: actor.displayName }} />
    </div>
  );
}
