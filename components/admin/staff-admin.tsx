'use client';

import { useState } from 'react';
import { type AdminStaff, adminCounterList, adminStaffList, adminStaffResponse, okResponse } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { describeAdminError } from './form-errors';
import { PasswordReset } from './password-reset';
import { StaffForm } from './staff-form';
import { useAdminData } from './use-admin-data';

type Editing = { kind: 'new' } | { kind: 'edit'; account: AdminStaff } | { kind: 'reset'; account: AdminStaff } | null;

/** /admin/[hall]/staff: the hall's accounts with role and counter; create, edit, disable, reset, unlock. */
export function StaffAdmin({ hall }: { hall: string }) {
  const t = useMessages();
  const s = t.admin.staff;
  const list = useAdminData(hallPath(hall, 'staff'), adminStaffList);
  const counters = useAdminData(hallPath(hall, 'counters'), adminCounterList);
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const counterList = [...(counters.data?.counters ?? [])].sort((a, b) => a.number - b.number);
  const counterLabel = (id: string | null) => {
    const c = counterList.find((x) => x.id === id);
    return c ? `${c.number} · ${c.name}` : '—';
  };

  async function setActive(account: AdminStaff, active: boolean) {
    const result = await adminRequest('PATCH', hallPath(hall, 'staff', account.id), adminStaffResponse, { active });
    setError(result.ok ? null : describeAdminError(result.error, t));
    list.reload();
  }

  /** Lifts the sign-in lockout that wrong passwords put on the account. */
  async function unlock(account: AdminStaff) {
    const result = await adminRequest('POST', hallPath(hall, 'staff', account.id, 'unlock'), okResponse, {});
    setError(result.ok ? null : describeAdminError(result.error, t));
    setMessage(result.ok ? format(s.unlockDone, { username: account.username }) : null);
  }

  const staff = [...(list.data?.staff ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.username.localeCompare(b.username));
  const loadError = list.error ?? counters.error;
  return (
    <div className="adm-stack">
      <header className="adm-heading adm-heading-row">
        <h1>{s.title}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'new' })} data-testid="staff-new">
          + {s.create}
        </button>
      </header>
      {loadError ? <p className="alert alert-error" role="alert">{describeAdminError(loadError, t)}</p> : null}
      {error ? <p className="alert alert-error" role="alert">{error}</p> : null}
      {message ? <p className="alert alert-success" role="status" data-testid="staff-message">{message}</p> : null}
      {editing?.kind === 'reset' ? (
        <PasswordReset key={editing.account.id} hall={hall} account={editing.account} onDone={(m) => { setEditing(null); setMessage(m || null); }} />
      ) : editing ? (
        <StaffForm
          key={editing.kind === 'edit' ? editing.account.id : 'new'}
          hall={hall}
          account={editing.kind === 'edit' ? editing.account : null}
          counters={counterList}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <section className="card">
        <p className="field-hint">{s.sessionsNote}</p>
        <table className="adm-table" data-testid="staff-list">
          <thead>
            <tr>
              <th>{s.username}</th>
              <th>{s.displayName}</th>
              <th>{s.role}</th>
              <th>{s.counter}</th>
              <th>{s.state}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {staff.map((a) => (
              <tr key={a.id} data-testid={`staff-row-${a.username}`} className={a.active ? undefined : 'is-disabled'}>
                <td><code>{a.username}</code></td>
                <td>{a.displayName}</td>
                <td>{s.roles[a.role]}</td>
                <td>{counterLabel(a.counterId)}</td>
                <td>{a.active ? s.active : s.disabled}</td>
                <td className="adm-row-actions">
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing({ kind: 'edit', account: a })} data-testid={`staff-edit-${a.username}`}>
                    {t.admin.form.edit}
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing({ kind: 'reset', account: a })} data-testid={`staff-reset-${a.username}`}>
                    {s.reset}
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => void unlock(a)} data-testid={`staff-unlock-${a.username}`}>
                    {s.unlock}
                  </button>
                  <button
                    type="button"
                    className={a.active ? 'btn btn-outline-danger btn-small' : 'btn btn-success btn-small'}
                    onClick={() => void setActive(a, !a.active)}
                    data-testid={`staff-toggle-${a.username}`}
                  >
                    {a.active ? s.disable : s.enable}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && staff.length === 0 ? <p className="muted">{s.none}</p> : null}
      </section>
    </div>
  );
}
