import { redirect } from 'next/navigation';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ hall: string }> };

/** The old 取号 page: taking a number now starts on the hall's home, beside each service's guide. */
export default async function TakePage({ params }: Props) {
  const { hall } = await params;
  redirect(`/h/${encodeURIComponent(hall)}#services`);
}
