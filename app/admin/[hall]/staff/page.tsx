import { StaffAdmin } from '@/components/admin/staff-admin';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <StaffAdmin hall={hall} />;
}
