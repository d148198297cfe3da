import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { DisplayBoard } from '@/components/display-board';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';
import './display.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ hall: string }> };

const loadSnapshot = cache(async (ref: string) => {
  if (!hallRef.safeParse(ref).success) notFound();
  const result = await getServices().halls.snapshot(ref);
  if (!result.ok) {
    if (result.error.code === 'NOT_FOUND') notFound();
    throw new Error(result.error.message);
  }
  return result.data;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const snapshot = await loadSnapshot((await params).hall);
  return { title: snapshot.hall.name };
}

/** The hall TV: no site header, no scrolling, readable from across the hall. */
export default async function DisplayPage({ params }: Props) {
  const { hall } = await params;
  const snapshot = await loadSnapshot(hall);
  return <DisplayBoard hall={hall} initial={snapshot} />;
}
