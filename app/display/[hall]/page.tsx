import type { Metadata } from 'next';
import { DisplayBoard } from '@/components/display/display-board';
import { UnboundScreen } from '@/components/display/unbound-screen';
import { deviceKeyOf, loadDisplay } from './load';
import './display.css';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ hall: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const load = await loadDisplay((await params).hall, deviceKeyOf(await searchParams));
  // The device key may sit in this page's address: it must never travel in a Referer.
  return { title: load.admitted ? load.snapshot.hall.name : undefined, referrer: 'no-referrer' };
}

/** The hall TV: no site header, no scrolling, readable from across the hall. */
export default async function DisplayPage({ params, searchParams }: Props) {
  const { hall } = await params;
  const load = await loadDisplay(hall, deviceKeyOf(await searchParams));
  if (!load.admitted) return <UnboundScreen />;
  return <DisplayBoard hall={hall} initial={load.snapshot} serverNow={load.serverNow} deviceKey={load.deviceKey} />;
}
