'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { z } from 'zod';
import { apiPost } from '@/lib/api-client';
import { useMessages } from './i18n';

const logoutResponse = z.object({ ok: z.literal(true) });

export function LogoutButton({ className = 'btn btn-ghost' }: { className?: string }) {
  const t = useMessages();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [refreshing, startRefresh] = useTransition();

  async function logout() {
    setBusy(true);
    // Whatever the answer, the page asks the server again who is signed in.
    await apiPost('/api/v1/auth/logout', logoutResponse);
    setBusy(false);
    startRefresh(() => router.refresh());
  }

  return (
    <button type="button" className={className} data-testid="btn-logout" disabled={busy || refreshing} onClick={() => void logout()}>
      {t.counter.actions.logout}
    </button>
  );
}
