import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { TakeForm } from '@/components/take-form';
import { getMessages } from '@/lib/locale';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import '../../citizen.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ hall: string }> };

/** Shared by the metadata and the page, so one request reads the hall once. */
const loadHall = cache(async (ref: string) => {
  if (!hallRef.safeParse(ref).success) notFound();
  const result = await getServices().halls.detail(ref);
  if (!result.ok) {
    if (result.error.code === 'NOT_FOUND') notFound();
    throw new Error(result.error.message);
  }
  return result.data;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getMessages();
  const hall = await loadHall((await params).hall);
  return { title: `${t.take.title} · ${hall.name}` };
}

export default async function TakePage({ params }: Props) {
  const { hall: ref } = await params;
  const [{ t }, hall] = await Promise.all([getMessages(), loadHall(ref)]);
  return (
    <div className="page page-narrow">
      <div className="page-heading">
        <p className="eyebrow">{t.take.title}</p>
        <h1>{hall.name}</h1>
        {hall.address ? <p className="muted">{hall.address}</p> : null}
      </div>
      <TakeForm hall={hall.slug} services={hall.services} />
    </div>
  );
}
