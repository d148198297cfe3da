'use client';

import { useMemo, useState } from 'react';
import { format } from '@/lib/i18n';
import { type AuditEntry, auditEntity, auditResponse } from '@/server/contracts/admin';
import { revealKind, revealReason } from '@/server/contracts/personal-data';
import { useMessages } from '../i18n';
import { hallPath } from './admin-api';
import { describeAdminError } from './form-errors';
import { useAdminData } from './use-admin-data';

/** A day picked in the browser as the start of that local day, with its offset (the API wants one). */
export function dayStart(day: string, endOfDay: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const local = endOfDay ? new Date(y, m - 1, d + 1) : new Date(y, m - 1, d);
  return local.toISOString();
}

/** What changed, field by field: only the keys whose value differs between before and after. */
function changes(entry: AuditEntry): { key: string; before: string; after: string }[] {
  const keys = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  const out: { key: string; before: string; after: string }[] = [];
  for (const key of keys) {
    const before = entry.before && key in entry.before ? JSON.stringify(entry.before[key]) : '—';
    const after = entry.after && key in entry.after ? JSON.stringify(entry.after[key]) : '—';
    if (before !== after) out.push({ key, before, after });
  }
  return out;
}

/** A read of a citizen's full phone, in words: which record, and why. */
function RevealRead({ entry }: { entry: AuditEntry }) {
  const t = useMessages();
  const a = t.admin.audit;
  const kind = revealKind.safeParse(entry.after?.kind);
  const reason = revealReason.safeParse(entry.after?.reason);
  const text = (key: string) => {
    const value = entry.after?.[key];
    return typeof value === 'string' ? value : '';
  };
  const ref = text('ref');
  const note = text('note');
  const reasonText = reason.success ? t.personalData.reasons[reason.data] : text('reason');
  return (
    <span data-testid="audit-reveal">
      {format(a.reveal.record, { kind: kind.success ? a.reveal.kinds[kind.data] : text('kind'), ref })} ·{' '}
      {format(a.reveal.reason, { reason: note ? `${reasonText}（${note}）` : reasonText })}
    </span>
  );
}

/** /admin/[hall]/audit: who changed what, when and from where, filtered, with the CSV export. */
export function AuditLog({ hall }: { hall: string }) {
  const t = useMessages();
  const a = t.admin.audit;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [actor, setActor] = useState('');
  const [entity, setEntity] = useState('');
  const query = useMemo(() => {
    const q = new URLSearchParams();
    const f = dayStart(from, false);
    const e = dayStart(to, true);
    if (f) q.set('from', f);
    if (e) q.set('to', e);
    if (actor.trim()) q.set('actor', actor.trim());
    if (entity) q.set('entity', entity);
    const s = q.toString();
    return s ? `?${s}` : '';
  }, [from, to, actor, entity]);
  const log = useAdminData(`${hallPath(hall, 'audit')}${query}`, auditResponse);
  const entries = log.data?.entries ?? [];

  return (
    <div className="adm-stack">
      <header className="adm-heading adm-heading-row">
        <h1>{a.title}</h1>
        <a className="btn btn-secondary" href={`${hallPath(hall, 'audit.csv')}${query}`} download data-testid="audit-csv">
          {a.csv}
        </a>
      </header>
      <section className="card adm-filters" data-testid="audit-filters">
        <label>
          <span className="field-label">{a.from}</span>
          <input type="date" className="input" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="audit-from" />
        </label>
        <label>
          <span className="field-label">{a.to}</span>
          <input type="date" className="input" value={to} onChange={(e) => setTo(e.target.value)} data-testid="audit-to" />
        </label>
        <label>
          <span className="field-label">{a.actor}</span>
          <input className="input" value={actor} onChange={(e) => setActor(e.target.value)} data-testid="audit-actor" autoCapitalize="none" />
        </label>
        <label>
          <span className="field-label">{a.entity}</span>
          <select className="input" value={entity} onChange={(e) => setEntity(e.target.value)} data-testid="audit-entity">
            <option value="">{a.all}</option>
            {auditEntity.options.map((e) => (
              <option key={e} value={e}>{a.entities[e]}</option>
            ))}
          </select>
        </label>
      </section>
      {log.error ? <p className="alert alert-error" role="alert">{describeAdminError(log.error, t)}</p> : null}
      <section className="card">
        <table className="adm-table adm-audit" data-testid="audit-list">
          <thead>
            <tr>
              <th>{a.at}</th>
              <th>{a.actor}</th>
              <th>{a.ip}</th>
              <th>{a.entity}</th>
              <th>{a.action}</th>
              <th>{a.change}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row">
                <td className="tabular">{new Date(entry.at).toLocaleString(undefined, { hour12: false })}</td>
                <td><code>{entry.actor.username}</code></td>
                <td className="tabular">{entry.ip}</td>
                <td className="adm-nowrap">{a.entities[entry.entity]}</td>
                <td className="adm-nowrap" title={entry.action}>{a.actions[entry.action] ?? entry.action}</td>
                <td>
                  {entry.entity === 'personal_data' ? (
                    <RevealRead entry={entry} />
                  ) : (
                    <ul className="adm-changes">
                      {changes(entry).slice(0, 8).map((c) => (
                        <li key={c.key}>
                          <b>{c.key}</b>: <del>{c.before}</del> → <ins>{c.after}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.data && entries.length === 0 ? <p className="muted" data-testid="audit-empty">{a.none}</p> : null}
      </section>
    </div>
  );
}
