'use client';

import { noticesResponse } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { hallPath } from './admin-api';
import { DisplayDevices } from './display-devices';
import { describeAdminError } from './form-errors';
import { NoticesEditor } from './notices-editor';
import { useAdminData } from './use-admin-data';

/** /admin/[hall]/displays: the urgent notice first, then notices and voice, then the screens. */
export function DisplaysAdmin({ hall }: { hall: string }) {
  const t = useMessages();
  const notices = useAdminData(hallPath(hall, 'notices'), noticesResponse);
  return (
    <div className="adm-stack">
      <header className="adm-heading">
        <h1>{t.admin.nav.displays}</h1>
      </header>
      {notices.error ? <p className="alert alert-error" role="alert">{describeAdminError(notices.error, t)}</p> : null}
      {notices.data ? <NoticesEditor hall={hall} initial={notices.data} /> : null}
      <DisplayDevices hall={hall} />
    </div>
  );
}
