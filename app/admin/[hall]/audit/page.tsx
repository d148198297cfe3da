import { AuditLog } from '@/components/admin/audit-log';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <AuditLog hall={hall} />;
}
