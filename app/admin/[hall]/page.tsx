import { HallEditor } from '@/components/admin/hall-editor';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <HallEditor hall={hall} />;
}
