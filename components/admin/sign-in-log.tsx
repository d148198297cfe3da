'use client';

import { useMemo, useState } from 'react';
import { signInResponse } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { hallPath } from './admin-api';
import { dayStart } from './audit-log';
import { describeAdminError } from './form-errors';
import { useAdminData } from './use-admin-data';

/** /admin/[hall]/sign-ins: sign-ins to the hall's accounts, good and refused, filtered, with the CSV export. */
export function SignInLog({ hall }: { hall: string }) {
  const t = useMessages();
  const s = t.admin.signIns;
  const a = t.admin.audit;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [username, setUsername] = useState('');
  const [result, setResult] = useState('');
  const query = useMemo(() => {
    const q = new URLSearchParams();
    const f = dayStart(from, false);
    const e = dayStart(to, true);
    if (f) q.set('from', f);
    if (e) q.set('to', e);
    if (username.trim()) q.set('username', username.trim());
    if (result) q.set('result', result);
    const text = q.toString();
    return text ? `?${text}` : '';
  }, [from, to, username, result]);
  const log = useAdminData(`${hallPath(hall, 'sign-ins')}${query}`, signInResponse);
  const attempts = log.data?.attempts ?? [];

  return (
    <div className="adm-stack">
      <header className="adm-heading adm-heading-row">
        <h1>{s.title}</h1>
        <a className="btn btn-secondary" href={`${hallPath(hall, 'sign-ins.csv')}${query}`} download data-testid="sign-ins-csv">
          {s.csv}
        </a>
      </header>
      <p className="muted">{s.scope}</p>
      <section className="card adm-filters" data-testid="sign-ins-filters">
        <label>
          <span className="field-label">{a.from}</span>
          <input type="date" className="input" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="sign-ins-from" />
        </label>
        <label>
          <span className="field-label">{a.to}</span>
          <input type="date" className="input" value={to} onChange={(e) => setTo(e.target.value)} data-testid="sign-ins-to" />
        </label>
        <label>
          <span className="field-label">{s.username}</span>
          <input className="input" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="sign-ins-username" autoCapitalize="none" />
        </label>
        <label>
          <span className="field-label">{s.result}</span>
          <select className="input" value={result} onChange={(e) => setResult(e.target.value)} data-testid="sign-ins-result">
            <option value="">{s.all}</option>
            <option value="ok">{s.ok}</option>
            <option value="failed">{s.failed}</option>
          </select>
        </label>
      </section>
      {log.error ? <p className="alert alert-error" role="alert">{describeAdminError(log.error, t)}</p> : null}
      <section className="card">
        <table className="adm-table adm-audit" data-testid="sign-ins-list">
          <thead>
            <tr>
              <th>{a.at}</th>
              <th>{s.username}</th>
              <th>{s.address}</th>
              <th>{s.result}</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((x) => (
              <tr key={x.id} data-testid="sign-in-row" data-ok={x.ok}>
                <td className="tabular">{new Date(x.at).toLocaleString(undefined, { hour12: false })}</td>
                <td><code>{x.username}</code></td>
                <td className="tabular">{x.address}</td>
                <td className={x.ok ? undefined : 'adm-failed'}>
                  {x.ok ? s.ok : `${s.failed}${x.reason ? `：${s.reasons[x.reason] ?? x.reason}` : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.data && attempts.length === 0 ? <p className="muted" data-testid="sign-ins-empty">{s.none}</p> : null}
      </section>
    </div>
  );
}
