import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';

/** Every section of one hall shares the tabs; the hall is a slug (or id) as the API takes it. */
export default async function HallAdminLayout({ children, params }: { children: ReactNode; params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return (
    <div className="page adm-page">
      <AdminNav hall={hall} />
      {children}
    </div>
  );
}
