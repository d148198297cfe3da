'use client';

import { useState } from 'react';
import { serviceImportResponse } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { type AdminError, adminRequest, hallPath } from './admin-api';
import { describeAdminError } from './form-errors';

type Payload = { services: unknown[] } | { xlsxBase64: string };

async function readPayload(file: File): Promise<Payload | null> {
  if (/\.xlsx$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { xlsxBase64: btoa(binary) };
  }
  try {
    const json: unknown = JSON.parse(await file.text());
    // Both an exported catalogue ({ format, services }) and a bare list of rows are taken.
    if (Array.isArray(json)) return { services: json };
    if (json && typeof json === 'object' && 'services' in json && Array.isArray(json.services)) return { services: json.services as unknown[] };
  } catch {
    // Not JSON: said below.
  }
  return null;
}

/**
 * Import in two steps: the file is checked (dry run) and its verdict shown — what would be
 * created or updated, or the bad row and why — and only a confirmation writes, all or nothing.
 */
export function ServiceImport({ hall, onImported }: { hall: string; onImported: () => void }) {
  const t = useMessages();
  const m = t.admin.import;
  const [payload, setPayload] = useState<Payload | null>(null);
  const [verdict, setVerdict] = useState<{ created: string[]; updated: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const describe = (e: AdminError) =>
    e.reason === 'IMPORT_ROW' && e.details?.row !== undefined
      ? format(m.badRow, { row: e.details.row, field: e.details.field || '—', message: e.message.replace(/^Row \d+: ([\w.]+: )?/, '') })
      : describeAdminError(e, t);

  async function check(file: File) {
    setVerdict(null);
    setError(null);
    setDone(null);
    const read = await readPayload(file);
    setPayload(read);
    if (!read) {
      setError(m.unreadable);
      return;
    }
    setBusy(true);
    const result = await adminRequest('POST', hallPath(hall, 'services', 'import'), serviceImportResponse, { ...read, dryRun: true });
    setBusy(false);
    if (result.ok) setVerdict(result.data);
    else setError(describe(result.error));
  }

  async function confirm() {
    if (!payload) return;
    setBusy(true);
    const result = await adminRequest('POST', hallPath(hall, 'services', 'import'), serviceImportResponse, { ...payload, dryRun: false });
    setBusy(false);
    setVerdict(null);
    setPayload(null);
    if (!result.ok) {
      setError(describe(result.error));
      return;
    }
    setDone(format(m.done, { created: result.data.created.length, updated: result.data.updated.length }));
    onImported();
  }

  return (
    <section className="card adm-form" data-testid="service-import">
      <h2>{m.title}</h2>
      <p className="field-hint">{m.hint}</p>
      <div className="button-row">
        <a className="btn btn-secondary btn-small" href={hallPath(hall, 'services', 'export')} download data-testid="export-json">
          {m.exportJson}
        </a>
        <a className="btn btn-secondary btn-small" href={hallPath(hall, 'services', 'export.xlsx')} download data-testid="export-xlsx">
          {m.exportXlsx}
        </a>
        <label className="btn btn-primary btn-small adm-file">
          {m.choose}
          <input
            type="file"
            accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void check(file);
            }}
          />
        </label>
      </div>
      {busy ? <p className="muted">{m.checking}</p> : null}
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {verdict ? (
        <div className="alert alert-info" data-testid="import-verdict">
          <p>{format(m.verdict, { created: verdict.created.join(' ') || '—', updated: verdict.updated.join(' ') || '—' })}</p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void confirm()} data-testid="import-confirm">
              {m.confirm}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => { setVerdict(null); setPayload(null); }}>
              {t.common.cancel}
            </button>
          </div>
        </div>
      ) : null}
      {done ? (
        <p className="alert alert-success" role="status" data-testid="import-done">
          {done}
        </p>
      ) : null}
    </section>
  );
}
