import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { CheckInForm } from '@/components/appointments/check-in-form';
import { getMessages } from '@/lib/locale';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import '../../../citizen.css';
import '../../../appointments.css';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ hall: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const loadHall = cache(async (ref: string) => {
  if (!hallRef.safeParse(ref).success) notFound();
  const hall = await getServices().halls.list().then((halls) => halls.find((h) => h.slug === ref || h.id === ref));
  if (!hall) notFound();
  return hall;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getMessages();
  const hall = await loadHall((await params).hall);
  return { title: `${t.appointments.checkIn.title} · ${hall.name}`, robots: { index: false, follow: false } };
}

export default async function CheckInPage({ params, searchParams }: Props) {
  const [{ hall: ref }, query] = await Promise.all([params, searchParams]);
  const [{ t }, hall] = await Promise.all([getMessages(), loadHall(ref)]);
  // The kiosk's check-in lives in the kiosk's own frame (no site header, home button, idle return);
  // this address stays valid for kiosks already set up with it.
  if (query.kiosk === '1') redirect(`/kiosk/${encodeURIComponent(hall.slug)}/check-in`);
  const code = typeof query.code === 'string' ? query.code : '';
  return (
    <div className="page page-narrow">
      <div className="page-heading">
        <p className="eyebrow">{t.appointments.checkIn.title}</p>
        <h1>{hall.name}</h1>
        <p className="muted">{t.appointments.checkIn.intro}</p>
      </div>
      <CheckInForm kiosk={false} initialCode={code} />
    </div>
  );
}
