import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CounterStrip } from '@/components/display/counter-strip';
import { UnboundScreen } from '@/components/display/unbound-screen';
import { deviceKeyOf, loadDisplay } from '../../load';
import '../../display.css';
import './strip.css';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ hall: string; number: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function counterNumberOf(raw: string): number {
  if (!/^\d{1,4}$/.test(raw)) notFound();
  return Number(raw);
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { hall, number } = await params;
  const load = await loadDisplay(hall, deviceKeyOf(await searchParams));
  const counter = load.admitted ? load.snapshot.counters.find((c) => c.number === counterNumberOf(number)) : undefined;
  return { title: counter?.name, referrer: 'no-referrer' };
}

/** The strip above a counter (窗口屏): its number and name, and the ticket it serves. */
export default async function CounterStripPage({ params, searchParams }: Props) {
  const { hall, number } = await params;
  const counterNumber = counterNumberOf(number);
  const load = await loadDisplay(hall, deviceKeyOf(await searchParams));
  if (!load.admitted) return <UnboundScreen compact />;
  if (!load.snapshot.counters.some((c) => c.number === counterNumber)) notFound();
  return (
    <CounterStrip
      hall={hall}
      counterNumber={counterNumber}
      initial={load.snapshot}
      serverNow={load.serverNow}
      deviceKey={load.deviceKey}
    />
  );
}
