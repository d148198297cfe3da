import { SignInLog } from '@/components/admin/sign-in-log';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <SignInLog hall={hall} />;
}
