'use client';

import Link from 'next/link';
import { adminHallList, adminMeResponse } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminBase } from './admin-api';
import { adminSections } from './admin-nav';
import { HallCreateForm } from './hall-create-form';
import { useAdminData } from './use-admin-data';
import { describeAdminError } from './form-errors';

/** /admin: the halls this admin manages, each with its sections; a district admin also creates halls. */
export function HallsHome() {
  const t = useMessages();
  const me = useAdminData(`${adminBase}/me`, adminMeResponse);
  const halls = useAdminData(`${adminBase}/halls`, adminHallList);
  const error = me.error ?? halls.error;
  const district = me.data?.me.scope === 'district';
  return (
    <div className="page adm-page">
      <header className="adm-heading">
        <h1>{t.admin.halls.title}</h1>
        {me.data ? (
          <p className="muted" data-testid="admin-scope">
            {district ? t.admin.halls.scopeDistrict : t.admin.halls.scopeHall} · {me.data.me.displayName}
          </p>
        ) : null}
      </header>
      {error ? <p className="alert alert-error" role="alert">{describeAdminError(error, t)}</p> : null}
      {halls.data ? (
        halls.data.halls.length === 0 ? (
          <p className="card empty-state" data-testid="admin-no-halls">{t.admin.halls.none}</p>
        ) : (
          <ul className="adm-hall-grid" data-testid="admin-halls">
            {halls.data.halls.map((hall) => (
              <li key={hall.id} className="card adm-hall-card" data-testid={`admin-hall-${hall.slug}`}>
                <h2>
                  <Link href={`/admin/${hall.slug}`}>{hall.name}</Link>
                </h2>
                <p className="muted">
                  <code>{hall.slug}</code> · {hall.timeZone}
                  {hall.address ? ` · ${hall.address}` : ''}
                </p>
                <ul className="chip-row">
                  {adminSections.map((s) => (
                    <li key={s || 'hall'}>
                      <Link className="chip" href={s ? `/admin/${hall.slug}/${s}` : `/admin/${hall.slug}`}>
                        {t.admin.nav[s || 'hall']}
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )
      ) : error ? null : (
        <p className="muted">{t.common.loading}</p>
      )}
      {district ? <HallCreateForm onCreated={halls.reload} /> : null}
    </div>
  );
}
