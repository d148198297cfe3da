'use client';

import { useState } from 'react';
import { type AdminCounter, type AdminStaff, adminStaffResponse, staffCreateBody, staffUpdateBody } from '@/server/contracts/admin';
import { staffRole } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, FormStatus, inputClass } from './form-kit';
import { useAdminSubmit } from './use-admin-submit';

type Role = AdminStaff['role'];

/**
 * A new account (the admin sets its first password and hands it over: there is no shared
 * default), or an existing one's name, role and counter. A role change ends its sessions.
 */
export function StaffForm({ hall, account, counters, onSaved, onCancel }: { hall: string; account: AdminStaff | null; counters: AdminCounter[]; onSaved: () => void; onCancel: () => void }) {
  const t = useMessages();
  const s = t.admin.staff;
  const [username, setUsername] = useState(account?.username ?? '');
  const [displayName, setDisplayName] = useState(account?.displayName ?? '');
  const [role, setRole] = useState<Role>(account?.role ?? 'staff');
  const [counterId, setCounterId] = useState(account?.counterId ?? '');
  const [password, setPassword] = useState('');
  const { errors, formError, busy, submit: send } = useAdminSubmit();

  async function submit() {
    const counter = counterId === '' ? null : counterId;
    const parsed = account
      ? staffUpdateBody.safeParse({ displayName, role, counterId: counter })
      : staffCreateBody.safeParse({ username: username.trim(), displayName, role, counterId: counter, password });
    const saved = await send(parsed, (checked) =>
      account
        ? adminRequest('PATCH', hallPath(hall, 'staff', account.id), adminStaffResponse, checked)
        : adminRequest('POST', hallPath(hall, 'staff'), adminStaffResponse, checked),
    );
    if (!saved) return;
    onSaved();
  }

  return (
    <form className="card adm-form" data-testid="staff-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{account ? `${s.edit} ${account.username}` : s.create}</h2>
      <div className="adm-grid">
        <Field id="staff-username" label={s.username} hint={s.usernameHint} error={errors.username}>
          <input id="staff-username" className={inputClass(errors.username)} value={username} disabled={account !== null} autoCapitalize="none" spellCheck={false} onChange={(e) => setUsername(e.target.value)} />
        </Field>
        <Field id="staff-name" label={s.displayName} error={errors.displayName}>
          <input id="staff-name" className={inputClass(errors.displayName)} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field id="staff-role" label={s.role} hint={s.roleHints[role]} error={errors.role}>
          <select id="staff-role" className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {staffRole.options.map((r) => (
              <option key={r} value={r}>{s.roles[r]}</option>
            ))}
          </select>
        </Field>
        <Field id="staff-counter" label={s.counter} hint={s.counterHint} error={errors.counterId}>
          <select id="staff-counter" className="input" value={counterId} onChange={(e) => setCounterId(e.target.value)}>
            <option value="">{s.noCounter}</option>
            {counters.map((c) => (
              <option key={c.id} value={c.id}>{c.number} · {c.name}</option>
            ))}
          </select>
        </Field>
        {account ? null : (
          <Field id="staff-password" label={s.password} hint={s.passwordHint} error={errors.password}>
            <input id="staff-password" type="password" autoComplete="new-password" className={inputClass(errors.password)} value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
        )}
      </div>
      <FormStatus error={formError} />
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="staff-save">{t.admin.form.save}</button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t.common.cancel}</button>
      </div>
    </form>
  );
}
