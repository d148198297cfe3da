'use client';

import { useState } from 'react';
import { okResponse, passwordChangeBody } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminRequest } from './admin-api';
import { Field, FormStatus, inputClass } from './form-kit';
import { type FieldErrors, apiErrorToFields, issuesToFields } from './form-errors';

/** Any signed-in account changes its own password; the server ends its other sessions. */
export function PasswordChange() {
  const t = useMessages();
  const p = t.admin.password;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setDone(false);
    const parsed = passwordChangeBody.safeParse({ currentPassword: current, newPassword: next });
    if (!parsed.success || next !== repeat) {
      setErrors({ ...(parsed.success ? {} : issuesToFields(parsed.error, t)), ...(next !== repeat ? { repeat: p.mismatch } : {}) });
      setFormError(t.admin.form.fixFields);
      return;
    }
    setBusy(true);
    const result = await adminRequest('POST', '/api/v1/me/password', okResponse, parsed.data);
    setBusy(false);
    if (!result.ok) {
      const mapped = apiErrorToFields(result.error, t);
      // A wrong current password is refused as such; say it on that field.
      if (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'FORBIDDEN' || result.error.reason === 'WRONG_PASSWORD')
        mapped.fields.currentPassword ??= p.wrongCurrent;
      setErrors(mapped.fields);
      setFormError(mapped.form);
      return;
    }
    setErrors({});
    setFormError(null);
    setCurrent('');
    setNext('');
    setRepeat('');
    setDone(true);
  }

  return (
    <form className="card login-card adm-form" data-testid="password-change" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h1>{p.title}</h1>
      <Field id="pw-current" label={p.current} error={errors.currentPassword}>
        <input id="pw-current" type="password" autoComplete="current-password" className={inputClass(errors.currentPassword)} value={current} onChange={(e) => setCurrent(e.target.value)} />
      </Field>
      <Field id="pw-new" label={p.next} hint={p.nextHint} error={errors.newPassword}>
        <input id="pw-new" type="password" autoComplete="new-password" className={inputClass(errors.newPassword)} value={next} onChange={(e) => setNext(e.target.value)} />
      </Field>
      <Field id="pw-repeat" label={p.repeat} error={errors.repeat}>
        <input id="pw-repeat" type="password" autoComplete="new-password" className={inputClass(errors.repeat)} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </Field>
      <FormStatus error={formError} saved={done} savedText={p.done} />
      <button type="submit" className="btn btn-primary btn-block btn-lg" disabled={busy} data-testid="password-submit">
        {p.submit}
      </button>
    </form>
  );
}
