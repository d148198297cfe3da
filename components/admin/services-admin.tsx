'use client';

import { useState } from 'react';
import { type AdminService, adminServiceList, adminServiceResponse } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { describeAdminError } from './form-errors';
import { ServiceForm } from './service-form';
import { ServiceImport } from './service-import';
import { useAdminData } from './use-admin-data';

/** /admin/[hall]/services: active services, the disabled ones apart, the form, import and export. */
export function ServicesAdmin({ hall }: { hall: string }) {
  const t = useMessages();
  const s = t.admin.service;
  const list = useAdminData(hallPath(hall, 'services'), adminServiceList);
  const [editing, setEditing] = useState<AdminService | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function setActive(service: AdminService, active: boolean) {
    const result = await adminRequest('PATCH', hallPath(hall, 'services', service.id), adminServiceResponse, { active });
    setError(result.ok ? null : describeAdminError(result.error, t));
    list.reload();
  }

  const services = list.data?.services ?? [];
  const table = (rows: AdminService[], testId: string) => (
    <table className="adm-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{s.prefix}</th>
          <th>{s.name}</th>
          <th>{s.kind}</th>
          <th>{s.dailyCap}</th>
          <th>{s.instant}</th>
          <th>{s.counters}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((svc) => (
          <tr key={svc.id} data-testid={`service-row-${svc.prefix}`}>
            <td><b className="adm-prefix">{svc.prefix}</b></td>
            <td>{svc.name}</td>
            <td>{s.kinds[svc.kind]}</td>
            <td className="tabular">{svc.dailyCap ?? s.noCap}</td>
            <td>{svc.instantApproval ? <span className="badge badge-instant">{t.take.instantApproval}</span> : '—'}</td>
            <td className="tabular">{svc.counterIds.length}</td>
            <td className="adm-row-actions">
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(svc)} data-testid={`service-edit-${svc.prefix}`}>
                {t.admin.form.edit}
              </button>
              <button
                type="button"
                className={svc.active ? 'btn btn-outline-danger btn-small' : 'btn btn-success btn-small'}
                onClick={() => void setActive(svc, !svc.active)}
                data-testid={`service-toggle-${svc.prefix}`}
              >
                {svc.active ? s.disable : s.enable}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  const active = services.filter((x) => x.active);
  const disabled = services.filter((x) => !x.active);
  return (
    <div className="adm-stack">
      <header className="adm-heading adm-heading-row">
        <h1>{s.title}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="service-new">
          + {s.create}
        </button>
      </header>
      {list.error ? <p className="alert alert-error" role="alert">{describeAdminError(list.error, t)}</p> : null}
      {error ? <p className="alert alert-error" role="alert">{error}</p> : null}
      {editing ? (
        <ServiceForm
          key={editing === 'new' ? 'new' : editing.id}
          hall={hall}
          service={editing === 'new' ? null : editing}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <section className="card">
        <h2>{s.active}</h2>
        {list.data && active.length === 0 ? <p className="muted">{s.none}</p> : table(active, 'services-active')}
      </section>
      {disabled.length > 0 ? (
        <section className="card adm-disabled">
          <h2>{s.disabled}</h2>
          <p className="field-hint">{s.disabledHint}</p>
          {table(disabled, 'services-disabled')}
        </section>
      ) : null}
      <ServiceImport hall={hall} onImported={list.reload} />
    </div>
  );
}
