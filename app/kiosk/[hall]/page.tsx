import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { KioskApp } from '@/components/kiosk/kiosk-app';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import './kiosk.css';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ hall: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export function generateMetadata(): Metadata {
  // The device key may sit in this page's address: it must never travel in a Referer.
  return { referrer: 'no-referrer' };
}

/** The hall's 取号 kiosk: a touch screen (1080×1920 or 1920×1080) with a 58 mm slip printer. */
export default async function KioskPage({ params, searchParams }: Props) {
  const [{ hall: ref }, query] = await Promise.all([params, searchParams]);
  if (!hallRef.safeParse(ref).success) notFound();
  const result = await getServices().hallHome.home(ref);
  if (!result.ok) {
    if (result.error.code === 'NOT_FOUND') notFound();
    throw new Error(result.error.message);
  }
  const key = typeof query.key === 'string' && query.key.length <= 100 ? query.key : null;
  return <KioskApp initial={result.data} keyFromUrl={key} setup={key !== null || query.setup === '1'} />;
}
