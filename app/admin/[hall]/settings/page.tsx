import { SettingsAdmin } from '@/components/admin/settings-admin';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <SettingsAdmin hall={hall} />;
}
