'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { meResponse } from '@/server/contracts/api';
import { useMessages } from './i18n';

/** Staff sign-in; `title` names the surface (the counter's by default). */
export function LoginForm({ title }: { title?: string } = {}) {
  const t = useMessages();
  const router = useRouter();
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
    </form>
  );
}
