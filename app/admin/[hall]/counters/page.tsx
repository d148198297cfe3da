import { CountersAdmin } from '@/components/admin/counters-admin';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <CountersAdmin hall={hall} />;
}
