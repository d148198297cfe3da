'use client';

import { useState } from 'react';
import { type AdminCounter, adminCounterList, serviceMatrix } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { hallPath } from './admin-api';
import { CounterForm } from './counter-form';
import { describeAdminError } from './form-errors';
import { ServiceMatrixEditor } from './service-matrix';
import { useAdminData } from './use-admin-data';

/** /admin/[hall]/counters: the counters, their form, and the counters × services matrix. */
export function CountersAdmin({ hall }: { hall: string }) {
  const t = useMessages();
  const c = t.admin.counter;
  const list = useAdminData(hallPath(hall, 'counters'), adminCounterList);
  const matrix = useAdminData(hallPath(hall, 'counter-services'), serviceMatrix);
  const [editing, setEditing] = useState<AdminCounter | 'new' | null>(null);
  const error = list.error ?? matrix.error;
  const counters = [...(list.data?.counters ?? [])].sort((a, b) => a.number - b.number);

  return (
    <div className="adm-stack">
      <header className="adm-heading adm-heading-row">
        <h1>{c.title}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="counter-new">
          + {c.create}
        </button>
      </header>
      {error ? <p className="alert alert-error" role="alert">{describeAdminError(error, t)}</p> : null}
      {editing ? (
        <CounterForm
          key={editing === 'new' ? 'new' : editing.id}
          hall={hall}
          counter={editing === 'new' ? null : editing}
          onSaved={() => {
            setEditing(null);
            list.reload();
            matrix.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <section className="card">
        <table className="adm-table" data-testid="counters-list">
          <thead>
            <tr>
              <th>{c.number}</th>
              <th>{c.name}</th>
              <th>{c.kind}</th>
              <th>{c.status}</th>
              <th>{c.services}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {counters.map((ctr) => (
              <tr key={ctr.id} data-testid={`counter-row-${ctr.number}`}>
                <td className="tabular"><b>{ctr.number}</b></td>
                <td>{ctr.name}</td>
                <td>{c.kinds[ctr.kind]}</td>
                <td><span className={`tag adm-status-${ctr.status}`}>{c.statuses[ctr.status]}</span></td>
                <td className="tabular">{ctr.serviceIds.length}</td>
                <td className="adm-row-actions">
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(ctr)} data-testid={`counter-edit-${ctr.number}`}>
                    {t.admin.form.edit}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && counters.length === 0 ? <p className="muted">{c.none}</p> : null}
      </section>
      <section className="card">
        <h2>{t.admin.matrix.title}</h2>
        <p className="field-hint">{t.admin.matrix.hint}</p>
        {matrix.data ? (
          <ServiceMatrixEditor
            hall={hall}
            matrix={matrix.data}
            onSaved={(m) => {
              matrix.setData(m);
              list.reload();
            }}
          />
        ) : null}
      </section>
    </div>
  );
}
