'use client';

import { useMessages } from '../i18n';

/** A screen a hall does not admit (no device key, or a revoked one): it says so and shows nothing else. */
export function UnboundScreen({ compact = false }: { compact?: boolean }) {
  const t = useMessages();
  return (
    <main className={`display-screen display-unbound${compact ? ' is-compact' : ''}`} data-testid="display-unbound">
      <h1 className="display-unbound-title">{t.display.unbound.title}</h1>
      <p className="display-unbound-body">{t.display.unbound.body}</p>
    </main>
  );
}
