'use client';

import { useState } from 'react';
import { displayDeviceRenameBody, displayDeviceResponse } from '@/server/contracts/admin';
import { type DisplayDevice, displayDeviceBody, displayDeviceList, issuedDisplayDevice } from '@/server/contracts/api';
import { format } from '@/lib/i18n';
import { calendarDay, shortTime } from '@/lib/time';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, inputClass } from './form-kit';
import { describeAdminError, issuesToFields } from './form-errors';
import { useAdminData } from './use-admin-data';

function registeredAt(at: string): string {
  const d = calendarDay(at);
  return `${d.year}-${d.month}-${d.day} ${shortTime(at)}`;
}

/** The hall's registered screens: register (the key is shown this once), rename, revoke. */
export function DisplayDevices({ hall }: { hall: string }) {
  const t = useMessages();
  const d = t.admin.devices;
  const list = useAdminData(hallPath(hall, 'display-devices'), displayDeviceList);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function register() {
    const parsed = displayDeviceBody.safeParse({ name });
    if (!parsed.success) {
      setNameError(issuesToFields(parsed.error, t).name);
      return;
    }
    const result = await adminRequest('POST', hallPath(hall, 'display-devices'), issuedDisplayDevice, parsed.data);
    if (!result.ok) {
      setError(describeAdminError(result.error, t));
      return;
    }
    setNameError(undefined);
    setError(null);
    setName('');
    setIssued({ name: result.data.device.name, key: result.data.key });
    list.reload();
  }

  async function rename(id: string, newName: string) {
    const parsed = displayDeviceRenameBody.safeParse({ name: newName });
    if (!parsed.success) return setError(issuesToFields(parsed.error, t).name ?? null);
    const result = await adminRequest('PATCH', hallPath(hall, 'display-devices', id), displayDeviceResponse, parsed.data);
    setError(result.ok ? null : describeAdminError(result.error, t));
    setRenaming(null);
    list.reload();
  }

  async function revoke(device: DisplayDevice) {
    if (!window.confirm(format(d.revokeConfirm, { name: device.name }))) return;
    const result = await adminRequest('POST', hallPath(hall, 'display-devices', device.id, 'revoke'), displayDeviceResponse);
    setError(result.ok ? null : describeAdminError(result.error, t));
    list.reload();
  }

  const devices = list.data?.devices ?? [];
  return (
    <section className="card adm-form" data-testid="display-devices">
      <h2>{d.title}</h2>
      <p className="field-hint">{d.hint}</p>
      {list.error ? <p className="alert alert-error" role="alert">{describeAdminError(list.error, t)}</p> : null}
      {error ? <p className="alert alert-error" role="alert">{error}</p> : null}
      {issued ? (
        <div className="alert alert-success adm-key" role="status" data-testid="device-key">
          <p>{format(d.keyOnce, { name: issued.name })}</p>
          <code className="adm-key-value" data-testid="device-key-value">{issued.key}</code>
          <p className="field-hint">{format(d.keyUse, { url: `/display/${hall}?key=${issued.key}` })}</p>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setIssued(null)}>{d.keyDone}</button>
        </div>
      ) : null}
      <table className="adm-table" data-testid="devices-list">
        <thead>
          <tr>
            <th>{d.name}</th>
            <th>{d.created}</th>
            <th>{d.state}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {devices.map((dev) => (
            <tr key={dev.id} className={dev.revokedAt ? 'is-disabled' : undefined} data-testid={`device-row-${dev.name}`}>
              <td>
                {renaming?.id === dev.id ? (
                  <input className="input" aria-label={d.name} value={renaming.name} onChange={(e) => setRenaming({ id: dev.id, name: e.target.value })} />
                ) : (
                  dev.name
                )}
              </td>
              <td className="tabular">{registeredAt(dev.createdAt)}</td>
              <td>{dev.revokedAt ? d.revoked : d.active}</td>
              <td className="adm-row-actions">
                {renaming?.id === dev.id ? (
                  <button type="button" className="btn btn-primary btn-small" onClick={() => void rename(dev.id, renaming.name)}>{t.admin.form.save}</button>
                ) : (
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setRenaming({ id: dev.id, name: dev.name })}>{d.rename}</button>
                )}
                {dev.revokedAt ? null : (
                  <button type="button" className="btn btn-outline-danger btn-small" onClick={() => void revoke(dev)} data-testid={`device-revoke-${dev.name}`}>{d.revoke}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && devices.length === 0 ? <p className="muted">{d.none}</p> : null}
      <form className="adm-inline-form" onSubmit={(e) => { e.preventDefault(); void register(); }}>
        <Field id="device-name" label={d.newName} error={nameError}>
          <input id="device-name" className={inputClass(nameError)} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" className="btn btn-primary" data-testid="device-register">{d.register}</button>
      </form>
    </section>
  );
}
