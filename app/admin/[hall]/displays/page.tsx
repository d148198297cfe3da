import { DisplaysAdmin } from '@/components/admin/displays-admin';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <DisplaysAdmin hall={hall} />;
}
