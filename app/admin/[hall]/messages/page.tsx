import { MessagesAdmin } from '@/components/admin/messages-admin';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <MessagesAdmin hall={hall} />;
}
