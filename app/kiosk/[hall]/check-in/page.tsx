import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { KioskCheckIn } from '@/components/kiosk/kiosk-check-in';
import { getMessages } from '@/lib/locale';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import '../kiosk.css';
import '../../../(site)/citizen.css';
import '../../../(site)/appointments.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ hall: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.appointments.checkIn.kioskTitle, robots: { index: false, follow: false } };
}

/** 预约签到 on the hall's kiosk: inside the kiosk's frame (home button, idle return, offline notice), no site header. */
export default async function KioskCheckInPage({ params }: Props) {
  const { hall: ref } = await params;
  if (!hallRef.safeParse(ref).success) notFound();
  const hall = (await getServices().halls.list()).find((h) => h.slug === ref || h.id === ref);
  if (!hall) notFound();
  return <KioskCheckIn hall={{ slug: hall.slug, name: hall.name }} />;
}
