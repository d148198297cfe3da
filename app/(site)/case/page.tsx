import type { Metadata } from 'next';
import { CaseLookup } from '@/components/appointments/case-lookup';
import { getMessages } from '@/lib/locale';
import '../citizen.css';
import '../appointments.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.caseProgress.title, robots: { index: false, follow: false } };
}

export default async function CasePage() {
  const { t } = await getMessages();
  return (
    <div className="page page-narrow">
      <div className="page-heading">
        <p className="eyebrow">{t.caseProgress.title}</p>
        <h1>{t.caseProgress.title}</h1>
        <p className="muted">{t.caseProgress.intro}</p>
      </div>
      <CaseLookup />
    </div>
  );
}
