import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { printHref } from '@/components/print/print-link';
import { SignInPage, signedInActor } from '@/components/staff-gate';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { printFind } from '@/server/contracts/print';
import { getServices } from '@/server/registry';
import '@/components/print/print.css';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.print.title, robots: { index: false, follow: false } };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** 按号补打: finds today's ticket by its number in the signed-in staff member's hall, then prints its slip. */
export default async function PrintFindPage({ searchParams }: Props) {
  const [query, { t }, actor] = await Promise.all([searchParams, getMessages(), signedInActor()]);
  if (!actor) return <SignInPage title={t.print.loginTitle} />;
  const parsed = printFind.safeParse({ number: one(query.number), paper: one(query.paper) });
  const found = parsed.success ? await getServices().print.findToday(actor, parsed.data.number) : null;
  if (found?.ok && parsed.success) redirect(printHref(found.data.ticketId, 'slip', { paper: parsed.data.paper ?? '58' }));
  const text = parsed.success ? format(t.print.actions.noSuchNumber, { number: parsed.data.number }) : t.print.actions.badNumber;
  return (
    <div className="page page-narrow print-problem">
      <section className="card empty-state">
        <p role="alert" data-testid="print-find-missing">
          {text}
        </p>
      </section>
    </div>
  );
}
