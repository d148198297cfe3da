'use client';

import { useState } from 'react';
import { type AdminStaff, okResponse, passwordResetBody } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, FormStatus, inputClass } from './form-kit';
import { apiErrorToFields, issuesToFields } from './form-errors';

/** The admin sets a new password for someone who lost theirs; their sessions end with it. */
export function PasswordReset({ hall, account, onDone }: { hall: string; account: AdminStaff; onDone: (message: string) => void }) {
  const t = useMessages();
  const s = t.admin.staff;
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const parsed = passwordResetBody.safeParse({ password });
    if (!parsed.success) {
      setError(issuesToFields(parsed.error, t).password);
      return;
    }
    setBusy(true);
    const result = await adminRequest('POST', hallPath(hall, 'staff', account.id, 'password'), okResponse, parsed.data);
    setBusy(false);
    if (!result.ok) {
      const mapped = apiErrorToFields(result.error, t);
      setError(mapped.fields.password);
      setFormError(mapped.form);
      return;
    }
    onDone(format(s.resetDone, { username: account.username }));
  }

  return (
    <form className="card adm-form" data-testid="password-reset" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{format(s.resetTitle, { username: account.username })}</h2>
      <Field id="reset-password" label={s.newPassword} hint={s.passwordHint} error={error}>
        <input id="reset-password" type="password" autoComplete="new-password" className={inputClass(error)} value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <FormStatus error={formError} />
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="reset-save">{s.reset}</button>
        <button type="button" className="btn btn-ghost" onClick={() => onDone('')}>{t.common.cancel}</button>
      </div>
    </form>
  );
}
