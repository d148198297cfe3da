'use client';

import { useState } from 'react';
import { type OutboxMessageView, outboxResendResponse, outboxResponse } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { describeAdminError } from './form-errors';
import { useAdminData } from './use-admin-data';
import { WebhookSubscribers } from './webhook-subscribers';

const statuses = ['pending', 'sending', 'sent', 'dead', 'cancelled'] as const;

function at(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { hour12: false });
}

/** /admin/[hall]/messages: the hall's outbox (what waits, went, failed and why; 重新发送) and its webhook subscribers. */
export function MessagesAdmin({ hall }: { hall: string }) {
  const t = useMessages();
  const o = t.admin.outbox;
  const [status, setStatus] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useAdminData(`${hallPath(hall, 'outbox')}${status ? `?status=${status}` : ''}`, outboxResponse);

  async function resend(message: OutboxMessageView) {
    const result = await adminRequest('POST', hallPath(hall, 'outbox', message.id, 'resend'), outboxResendResponse);
    setError(result.ok ? null : describeAdminError(result.error, t));
    setNotice(result.ok ? o.resent : null);
    list.reload();
  }

  const messages = list.data?.messages ?? [];
  return (
    <div className="adm-stack">
      <header className="adm-heading">
        <h1>{t.admin.nav.messages}</h1>
      </header>
      <section className="card adm-form" data-testid="outbox">
        <h2>{o.listTitle}</h2>
        <p className="field-hint">{o.intro}</p>
        {list.data ? <p className="tabular" data-testid="outbox-counts">{format(o.counts, list.data.counts)}</p> : null}
        <label className="adm-inline-filter">
          <span className="field-label">{o.filter}</span>
          <select className="input" value={status} onChange={(e) => setStatus(e.target.value)} data-testid="outbox-status">
            <option value="">{o.all}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>{o.status[s]}</option>
            ))}
          </select>
        </label>
        {list.error ? <p className="alert alert-error" role="alert">{describeAdminError(list.error, t)}</p> : null}
        {error ? <p className="alert alert-error" role="alert">{error}</p> : null}
        {notice ? <p className="alert alert-success" role="status">{notice}</p> : null}
        <div className="adm-scroll">
          <table className="adm-table adm-audit" data-testid="outbox-list">
            <thead>
              <tr>
                <th>{o.created}</th>
                <th>{o.kind}</th>
                <th>{o.channel}</th>
                <th>{o.recipient}</th>
                <th>{o.state}</th>
                <th>{o.attempts}</th>
                <th>{o.lastError}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} data-testid={`outbox-row-${m.id}`}>
                  <td className="tabular">{at(m.createdAt)}</td>
                  <td>{o.kinds[m.kind] ?? m.kind}</td>
                  <td>{o.channels[m.channel] ?? m.channel}</td>
                  <td className="adm-break">{m.recipient}</td>
                  <td>{o.status[m.status] ?? m.status}{m.sentAt ? <span className="muted"> · {at(m.sentAt)}</span> : null}</td>
                  <td className="tabular">{m.attempts}</td>
                  <td className="adm-break">{m.lastError ?? ''}</td>
                  <td className="adm-row-actions">
                    {m.status === 'dead' ? (
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => void resend(m)} data-testid={`outbox-resend-${m.id}`}>
                        {o.resend}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.data && messages.length === 0 ? <p className="muted">{o.none}</p> : null}
        {messages.length >= 100 ? <p className="muted">{o.newest}</p> : null}
      </section>
      <WebhookSubscribers hall={hall} />
    </div>
  );
}
