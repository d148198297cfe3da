import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { BookForm } from '@/components/appointments/book-form';
import { getMessages } from '@/lib/locale';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import '../../../citizen.css';
import '../../../appointments.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ hall: string }> };

const loadOptions = cache(async (ref: string) => {
  if (!hallRef.safeParse(ref).success) notFound();
  const result = await getServices().appointments.bookingOptions(ref);
  if (!result.ok) {
    if (result.error.code === 'NOT_FOUND') notFound();
    throw new Error(result.error.message);
  }
  return result.data;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getMessages();
  const options = await loadOptions((await params).hall);
  return { title: `${t.appointments.book.title} · ${options.hall.name}` };
}

export default async function BookPage({ params }: Props) {
  const { hall: ref } = await params;
  const [{ t }, options] = await Promise.all([getMessages(), loadOptions(ref)]);
  return (
    <div className="page page-narrow">
      <div className="page-heading">
        <p className="eyebrow">{t.appointments.book.title}</p>
        <h1>{options.hall.name}</h1>
        <p className="muted">{t.appointments.book.intro}</p>
      </div>
      <BookForm
        hall={options.hall.slug}
        services={options.services}
        days={options.days}
        keptDays={options.keptDays}
      />
    </div>
  );
}
