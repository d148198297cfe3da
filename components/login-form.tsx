'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { meResponse, staffPagePath } from '@/server/contracts/api';
import { useMessages } from './i18n';

/** Single sign-on as the server has it configured: its button's text, when the operator named it. */
export interface SsoOption {
  label: string | null;
}

/**
 * Staff sign-in; `title` names the surface (the counter's by default). With `sso`, the
 * OpenID provider's button too, which comes back to this page (with `?sso=` and the reason
 * when the sign-on was refused).
 */
export function LoginForm({ title, sso = null }: { title?: string; sso?: SsoOption | null } = {}) {
  const t = useMessages();
  const router = useRouter();
  // Both may be null in Next's types (a pages/ route); on these app/ pages they are there.
  const pathname = usePathname() ?? '';
  const ssoRefusal = useSearchParams()?.get('sso') ?? null;
  const refusals: Record<string, string> = t.counter.login.sso.refused;
  const ssoError = sso && ssoRefusal ? (refusals[ssoRefusal] ?? t.counter.login.sso.refused.PROVIDER_ERROR) : null;
  const ssoHref = staffPagePath.safeParse(pathname).success
    ? `/api/v1/auth/oidc/start?next=${encodeURIComponent(pathname)}`
    : '/api/v1/auth/oidc/start';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refreshing, startRefresh] = useTransition();

  async function submit() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await apiPost('/api/v1/auth/login', meResponse, { username: username.trim(), password });
    setBusy(false);
    if (result.ok) {
      startRefresh(() => router.refresh());
      return;
    }
    setError(result.error.code === 'UNAUTHENTICATED' ? t.counter.login.failed : describeApiError(result.error, t));
  }

  const pending = busy || refreshing;
  return (
    <form
      className="card login-card"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1>{title ?? t.counter.login.title}</h1>
      {ssoError && !error ? (
        <p className="alert alert-error login-sso-error" role="alert" data-testid="sso-error">
          {ssoError}
        </p>
      ) : null}
      <label className="field-label" htmlFor="login-username">
        {t.counter.login.username}
      </label>
      <input
        id="login-username"
        data-testid="login-username"
        className="input"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label className="field-label" htmlFor="login-password">
        {t.counter.login.password}
      </label>
      <input
        id="login-password"
        data-testid="login-password"
        className="input"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block btn-lg" data-testid="login-submit" disabled={pending}>
        {pending ? t.counter.login.submitting : t.counter.login.submit}
      </button>
      {sso ? (
        <>
          <p className="login-or" aria-hidden="true">
            {t.counter.login.sso.or}
          </p>
          <a className="btn btn-secondary btn-block btn-lg" href={ssoHref} data-testid="sso-start">
            {sso.label ?? t.counter.login.sso.button}
          </a>
        </>
      ) : null}
    </form>
  );
}
