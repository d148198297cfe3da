import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { TicketLive } from '@/components/ticket-live';
import { getMessages } from '@/lib/locale';
import { publicToken } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import '../../citizen.css';
import '../../conditional.css';
import './ticket-moves.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ token: string }> };

const loadTicket = cache(async (token: string) => {
  if (!publicToken.safeParse(token).success) notFound();
  const result = await getServices().tickets.view(token);
  if (!result.ok) {
    if (result.error.code === 'NOT_FOUND') notFound();
    throw new Error(result.error.message);
  }
  return result.data;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getMessages();
  const ticket = await loadTicket((await params).token);
  // The link is personal: keep it out of search engines and link previews.
  return { title: `${ticket.number} · ${t.ticket.title}`, robots: { index: false, follow: false } };
}

export default async function TicketPage({ params }: Props) {
  const { token } = await params;
  const ticket = await loadTicket(token);
  return (
    <div className="page page-narrow">
      <TicketLive token={token} initial={ticket} />
    </div>
  );
}
