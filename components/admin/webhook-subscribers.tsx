'use client';

import { useState } from 'react';
import {
  type WebhookSubscriberView,
  okResponse,
  webhookCreateBody,
  webhookCreated,
  webhookList,
  webhookResponse,
} from '@/server/contracts/admin';
import { eventTypes } from '@/server/contracts/realtime';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, inputClass } from './form-kit';
import { describeAdminError, issuesToFields } from './form-errors';
import { useAdminData } from './use-admin-data';

/** The event types offered first in the filter: what another system usually wants. */
const commonTypes = ['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.completed', 'ticket.no_show', 'counter.updated', 'queue.changed'];

/** The hall's webhook subscribers: add (the secret is shown this once), pause or resume, delete. */
export function WebhookSubscribers({ hall }: { hall: string }) {
  const t = useMessages();
  const w = t.admin.webhooks;
  const o = t.admin.outbox;
  const list = useAdminData(hallPath(hall, 'webhooks'), webhookList);
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | undefined>();
  const [filtered, setFiltered] = useState(false);
  const [chosen, setChosen] = useState<string[]>(['ticket.called']);
  const [issued, setIssued] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function add() {
    const parsed = webhookCreateBody.safeParse({ url, ...(filtered ? { eventTypes: chosen } : {}) });
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error, t);
      setUrlError(fields.url);
      setError(fields.eventTypes ?? null);
      return;
    }
    const result = await adminRequest('POST', hallPath(hall, 'webhooks'), webhookCreated, parsed.data);
    if (!result.ok) {
      setError(describeAdminError(result.error, t));
      return;
    }
    setUrlError(undefined);
    setError(null);
    setUrl('');
    setIssued({ url: result.data.subscriber.url, secret: result.data.secret });
    list.reload();
  }

  async function setActive(sub: WebhookSubscriberView, active: boolean) {
    const result = await adminRequest('PATCH', hallPath(hall, 'webhooks', sub.id), webhookResponse, { active });
    setError(result.ok ? null : describeAdminError(result.error, t));
    list.reload();
  }

  async function remove(sub: WebhookSubscriberView) {
    if (!window.confirm(format(w.removeConfirm, { url: sub.url }))) return;
    const result = await adminRequest('POST', hallPath(hall, 'webhooks', sub.id, 'delete'), okResponse);
    setError(result.ok ? null : describeAdminError(result.error, t));
    list.reload();
  }

  const toggle = (type: string) => setChosen((c) => (c.includes(type) ? c.filter((x) => x !== type) : [...c, type]));
  const subscribers = list.data?.subscribers ?? [];
  const others = eventTypes.filter((e) => !commonTypes.includes(e));
  return (
    <section className="card adm-form" data-testid="webhooks">
      <h2>{w.title}</h2>
      <p className="field-hint">{w.hint}</p>
      {list.error ? <p className="alert alert-error" role="alert">{describeAdminError(list.error, t)}</p> : null}
      {error ? <p className="alert alert-error" role="alert">{error}</p> : null}
      {issued ? (
        <div className="alert alert-success adm-key" role="status" data-testid="webhook-secret">
          <p>{format(w.secretOnce, { url: issued.url })}</p>
          <code className="adm-key-value" data-testid="webhook-secret-value">{issued.secret}</code>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setIssued(null)}>{w.secretDone}</button>
        </div>
      ) : null}
      <div className="adm-scroll">
        <table className="adm-table" data-testid="webhooks-list">
          <thead>
            <tr>
              <th>{w.url}</th>
              <th>{w.events}</th>
              <th>{w.state}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {subscribers.map((sub) => (
              <tr key={sub.id} className={sub.active ? undefined : 'is-disabled'} data-testid={`webhook-row-${sub.id}`}>
                <td className="adm-break">{sub.url}</td>
                <td>{sub.eventTypes ? sub.eventTypes.map((e) => o.kinds[e] ?? e).join('、') : w.allEvents}</td>
                <td>{sub.active ? w.active : w.paused}</td>
                <td className="adm-row-actions">
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => void setActive(sub, !sub.active)} data-testid={`webhook-toggle-${sub.id}`}>
                    {sub.active ? w.pause : w.resume}
                  </button>
                  <button type="button" className="btn btn-outline-danger btn-small" onClick={() => void remove(sub)} data-testid={`webhook-delete-${sub.id}`}>{w.remove}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && subscribers.length === 0 ? <p className="muted">{w.none}</p> : null}
      {subscribers.some((s) => !s.active) ? <p className="field-hint">{w.pausedNote}</p> : null}
      <form className="adm-stack" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <Field id="webhook-url" label={w.url} error={urlError} hint={w.urlExample}>
          <input id="webhook-url" className={inputClass(urlError)} value={url} onChange={(e) => setUrl(e.target.value)} inputMode="url" autoCapitalize="none" data-testid="webhook-url" />
        </Field>
        <fieldset className="adm-checks">
          <legend className="field-label">{w.events}</legend>
          <label><input type="radio" name="webhook-filter" checked={!filtered} onChange={() => setFiltered(false)} /> {w.allEvents}</label>
          <label><input type="radio" name="webhook-filter" checked={filtered} onChange={() => setFiltered(true)} data-testid="webhook-filter-only" /> {w.onlyEvents}</label>
          {filtered ? (
            <div className="adm-check-grid">
              {[...commonTypes, ...others].map((type) => (
                <label key={type}>
                  <input type="checkbox" checked={chosen.includes(type)} onChange={() => toggle(type)} /> {o.kinds[type] ? `${o.kinds[type]} (${type})` : type}
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>
        <div>
          <button type="submit" className="btn btn-primary" data-testid="webhook-add">{w.add}</button>
        </div>
      </form>
    </section>
  );
}
