'use client';

import { useState } from 'react';
import { type AdminCounter, adminCounterResponse, counterCreateBody, counterUpdateBody } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, FormStatus, inputClass } from './form-kit';
import { useAdminSubmit } from './use-admin-submit';

type Kind = AdminCounter['kind'];

/** Create or edit one counter: its number on the TV, its name, kind, and whether it is open. */
export function CounterForm({ hall, counter, onSaved, onCancel }: { hall: string; counter: AdminCounter | null; onSaved: () => void; onCancel: () => void }) {
  const t = useMessages();
  const c = t.admin.counter;
  const [number, setNumber] = useState(counter ? String(counter.number) : '');
  const [name, setName] = useState(counter?.name ?? '');
  const [kind, setKind] = useState<Kind>(counter?.kind ?? 'general');
  const [status, setStatus] = useState<'open' | 'closed'>(counter?.status === 'closed' ? 'closed' : 'open');
  const { errors, formError, busy, submit: send } = useAdminSubmit();

  async function submit() {
    const body = { number: number.trim() === '' ? undefined : Number(number), name, kind, status };
    const parsed = counter ? counterUpdateBody.safeParse(body) : counterCreateBody.safeParse(body);
    const saved = await send(parsed, (checked) =>
      counter
        ? adminRequest('PATCH', hallPath(hall, 'counters', counter.id), adminCounterResponse, checked)
        : adminRequest('POST', hallPath(hall, 'counters'), adminCounterResponse, checked),
    );
    if (!saved) return;
    onSaved();
  }

  return (
    <form className="card adm-form" data-testid="counter-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{counter ? `${c.edit} ${counter.number}` : c.create}</h2>
      <div className="adm-grid">
        <Field id="ctr-number" label={c.number} hint={c.numberHint} error={errors.number}>
          <input id="ctr-number" inputMode="numeric" className={inputClass(errors.number)} value={number} onChange={(e) => setNumber(e.target.value)} />
        </Field>
        <Field id="ctr-name" label={c.name} error={errors.name}>
          <input id="ctr-name" className={inputClass(errors.name)} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="ctr-kind" label={c.kind} error={errors.kind}>
          <select id="ctr-kind" className="input" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {(['general', 'dedicated', 'unresolved_matter'] as const).map((k) => (
              <option key={k} value={k}>{c.kinds[k]}</option>
            ))}
          </select>
        </Field>
        <Field id="ctr-status" label={c.status} hint={c.statusHint} error={errors.status}>
          <select id="ctr-status" className="input" value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'closed')}>
            <option value="open">{c.statuses.open}</option>
            <option value="closed">{c.statuses.closed}</option>
          </select>
        </Field>
      </div>
      <FormStatus error={formError} />
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="counter-save">{t.admin.form.save}</button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t.common.cancel}</button>
      </div>
    </form>
  );
}
