import type { Metadata } from 'next';
import { PasswordChange } from '@/components/admin/password-change';
import { signedInAccount } from '@/components/admin/admin-gate';
import { SignInPage } from '@/components/staff-gate';
import { getMessages } from '@/lib/locale';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.admin.password.title, robots: { index: false, follow: false } };
}

/** /account/password: every signed-in account (clerk, leader, admin…) changes its own password. */
export default async function PasswordPage() {
  const [{ t }, actor] = await Promise.all([getMessages(), signedInAccount()]);
  if (!actor) return <SignInPage title={t.admin.password.loginTitle} />;
  return (
    <div className="page page-login">
      <PasswordChange />
    </div>
  );
}
