import { ServicesAdmin } from '@/components/admin/services-admin';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <ServicesAdmin hall={hall} />;
}
