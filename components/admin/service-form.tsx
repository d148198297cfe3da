'use client';

import Link from 'next/link';
import { useState } from 'react';
import { type AdminService, adminServiceResponse, hallSettingsResponse, serviceCreateBody, serviceUpdateBody } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { useAdminData } from './use-admin-data';
import { useAdminSubmit } from './use-admin-submit';
import { Field, FormStatus, inputClass, linesOf } from './form-kit';
import { errorOf } from './form-errors';
import { OpeningHoursEditor, type WeekGrid, fromGrid, toGrid } from './opening-hours-editor';

type Kind = AdminService['kind'];
interface Draft {
  prefix: string;
  name: string;
  kind: Kind;
  materials: string;
  conditions: string;
  timeLimit: string;
  fees: string;
  notes: string;
  dailyCap: string;
  grid: WeekGrid;
  instantApproval: boolean;
  onlineUrl: string;
  promisedDays: string;
  slotCapacity: string;
  typicalServiceMinutes: string;
  priorityInterleave: string;
  agingMinutes: string;
  waitTargetMinutes: string;
  sortOrder: string;
}

/** The fields typed as text (numbers too, until saved), which the inputs edit directly. */
type TextKey = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

const blank: Draft = {
  prefix: '', name: '', kind: 'normal', materials: '', conditions: '', timeLimit: '', fees: '', notes: '', dailyCap: '',
  grid: toGrid([]), instantApproval: false, onlineUrl: '', promisedDays: '', slotCapacity: '', typicalServiceMinutes: '10',
  priorityInterleave: '', agingMinutes: '', waitTargetMinutes: '', sortOrder: '0',
};
const str = (n: number | null) => (n === null ? '' : String(n));
const draftOf = (s: AdminService): Draft => ({
  prefix: s.prefix, name: s.name, kind: s.kind, materials: s.guide.materials.join('\n'), conditions: s.guide.conditions.join('\n'),
  timeLimit: s.guide.timeLimit, fees: s.guide.fees, notes: s.guide.notes ?? '', dailyCap: str(s.dailyCap), grid: toGrid(s.openingHours),
  instantApproval: s.instantApproval, onlineUrl: s.onlineUrl ?? '', promisedDays: str(s.promisedDays), slotCapacity: str(s.slotCapacity),
  typicalServiceMinutes: String(s.typicalServiceMinutes), priorityInterleave: str(s.priorityInterleave), agingMinutes: str(s.agingMinutes),
  waitTargetMinutes: str(s.waitTargetMinutes), sortOrder: String(s.sortOrder),
});
/** An empty box is "none" (null); anything else must read as a number, or the schema says why. */
const num = (s: string) => (s.trim() === '' ? null : Number(s));

function bodyOf(d: Draft) {
  return {
    prefix: d.prefix.trim().toUpperCase(),
    name: d.name,
    kind: d.kind,
    guide: { materials: linesOf(d.materials), conditions: linesOf(d.conditions), timeLimit: d.timeLimit, fees: d.fees, ...(d.notes.trim() ? { notes: d.notes } : {}) },
    dailyCap: num(d.dailyCap),
    openingHours: fromGrid(d.grid),
    instantApproval: d.instantApproval,
    onlineUrl: d.onlineUrl.trim() === '' ? null : d.onlineUrl.trim(),
    promisedDays: num(d.promisedDays),
    slotCapacity: num(d.slotCapacity),
    typicalServiceMinutes: num(d.typicalServiceMinutes) ?? 10,
    priorityInterleave: num(d.priorityInterleave),
    agingMinutes: num(d.agingMinutes),
    waitTargetMinutes: num(d.waitTargetMinutes),
    sortOrder: num(d.sortOrder) ?? 0,
  };
}

/** Create (no `service`) or edit one service with its guide; saves with the contract's own check first. */
export function ServiceForm({ hall, service, onSaved, onCancel }: { hall: string; service: AdminService | null; onSaved: () => void; onCancel: () => void }) {
  const t = useMessages();
  const f = t.admin.service;
  const [d, setD] = useState<Draft>(service ? draftOf(service) : blank);
  const { errors, formError, busy, submit: send } = useAdminSubmit();
  // The hall's values, shown as placeholders: an empty box means "as the hall".
  const hallSettings = useAdminData(hallPath(hall, 'settings'), hallSettingsResponse).data?.settings;
  const text = (key: TextKey) => ({ value: d[key], onChange: (e: { target: { value: string } }) => setD({ ...d, [key]: e.target.value }) });

  async function submit() {
    const body = bodyOf(d);
    const parsed = service ? serviceUpdateBody.safeParse(body) : serviceCreateBody.safeParse(body);
    const saved = await send(parsed, (checked) =>
      service
        ? adminRequest('PATCH', hallPath(hall, 'services', service.id), adminServiceResponse, checked)
        : adminRequest('POST', hallPath(hall, 'services'), adminServiceResponse, checked),
    );
    if (!saved) return;
    onSaved();
  }

  const e = (key: string) => errorOf(errors, key);
  return (
    <form className="card adm-form" data-testid="service-form" onSubmit={(ev) => { ev.preventDefault(); void submit(); }}>
      <h2>{service ? `${f.edit} ${service.prefix} ${service.name}` : f.create}</h2>
      <div className="adm-grid">
        <Field id="svc-prefix" label={f.prefix} hint={f.prefixHint} error={e('prefix')}>
          <input id="svc-prefix" className={inputClass(e('prefix'))} maxLength={1} {...text('prefix')} />
        </Field>
        <Field id="svc-name" label={f.name} error={e('name')}>
          <input id="svc-name" className={inputClass(e('name'))} {...text('name')} />
        </Field>
        <Field id="svc-kind" label={f.kind} error={e('kind')}>
          <select id="svc-kind" className="input" value={d.kind} onChange={(ev) => setD({ ...d, kind: ev.target.value as Kind })}>
            {(['normal', 'unresolved_matter', 'consultation'] as const).map((k) => (
              <option key={k} value={k}>{f.kinds[k]}</option>
            ))}
          </select>
        </Field>
        <Field id="svc-cap" label={f.dailyCap} hint={f.dailyCapHint} error={e('dailyCap')}>
          <input id="svc-cap" inputMode="numeric" className={inputClass(e('dailyCap'))} {...text('dailyCap')} />
        </Field>
        <Field id="svc-minutes" label={f.typicalMinutes} hint={f.typicalMinutesHint} error={e('typicalServiceMinutes')}>
          <input id="svc-minutes" inputMode="numeric" className={inputClass(e('typicalServiceMinutes'))} {...text('typicalServiceMinutes')} />
        </Field>
        <Field id="svc-slot" label={f.slotCapacity} hint={f.slotCapacityHint} error={e('slotCapacity')}>
          <input id="svc-slot" inputMode="numeric" className={inputClass(e('slotCapacity'))} {...text('slotCapacity')} />
        </Field>
        <Field id="svc-promised" label={f.promisedDays} hint={f.promisedDaysHint} error={e('promisedDays')}>
          <input id="svc-promised" inputMode="numeric" className={inputClass(e('promisedDays'))} {...text('promisedDays')} />
        </Field>
        <Field id="svc-sort" label={f.sortOrder} error={e('sortOrder')}>
          <input id="svc-sort" inputMode="numeric" className={inputClass(e('sortOrder'))} {...text('sortOrder')} />
        </Field>
      </div>
      <fieldset className="adm-fieldset">
        <legend>{f.instant}</legend>
        <label className="adm-check">
          <input type="checkbox" data-testid="svc-instant" checked={d.instantApproval} onChange={(ev) => setD({ ...d, instantApproval: ev.target.checked })} />
          {f.instantLabel}
        </label>
        <Field id="svc-url" label={f.onlineUrl} hint={f.onlineUrlHint} error={e('onlineUrl')}>
          <input id="svc-url" inputMode="url" className={inputClass(e('onlineUrl'))} {...text('onlineUrl')} />
        </Field>
      </fieldset>
      <fieldset className="adm-fieldset">
        <legend>{f.guide}</legend>
        <div className="adm-grid">
          <Field id="svc-materials" label={f.materials} hint={f.onePerLine} error={e('guide.materials')}>
            <textarea id="svc-materials" rows={4} className={inputClass(e('guide.materials'))} {...text('materials')} />
          </Field>
          <Field id="svc-conditions" label={f.conditions} hint={f.onePerLine} error={e('guide.conditions')}>
            <textarea id="svc-conditions" rows={4} className={inputClass(e('guide.conditions'))} {...text('conditions')} />
          </Field>
          <Field id="svc-timelimit" label={f.timeLimit} hint={f.timeLimitHint} error={e('guide.timeLimit')}>
            <input id="svc-timelimit" className={inputClass(e('guide.timeLimit'))} {...text('timeLimit')} />
          </Field>
          <Field id="svc-fees" label={f.fees} error={e('guide.fees')}>
            <input id="svc-fees" className={inputClass(e('guide.fees'))} {...text('fees')} />
          </Field>
          <Field id="svc-notes" label={f.notes} error={e('guide.notes')} wide>
            <textarea id="svc-notes" rows={2} className={inputClass(e('guide.notes'))} {...text('notes')} />
          </Field>
        </div>
      </fieldset>
      <fieldset className="adm-fieldset">
        <legend>{f.hours}</legend>
        <p className="field-hint">{f.hoursHint}</p>
        <OpeningHoursEditor id="svc-hours" grid={d.grid} onChange={(grid) => setD({ ...d, grid })} error={e('openingHours')} />
      </fieldset>
      <fieldset className="adm-fieldset" data-testid="svc-ordering">
        <legend>{f.ordering}</legend>
        <p className="field-hint">
          {f.orderingHint} <Link href={`/admin/${hall}/settings`}>{t.admin.nav.settings}</Link>
        </p>
        <div className="adm-grid">
          <Field id="svc-interleave" label={f.interleave} hint={f.interleaveHint} error={e('priorityInterleave')}>
            <input id="svc-interleave" inputMode="numeric" placeholder={str(hallSettings?.priorityInterleave ?? null)} className={inputClass(e('priorityInterleave'))} {...text('priorityInterleave')} />
          </Field>
          <Field id="svc-aging" label={f.aging} hint={f.agingHint} error={e('agingMinutes')}>
            <input id="svc-aging" inputMode="numeric" placeholder={str(hallSettings?.agingMinutes ?? null)} className={inputClass(e('agingMinutes'))} {...text('agingMinutes')} />
          </Field>
          <Field id="svc-target" label={f.waitTarget} hint={f.waitTargetHint} error={e('waitTargetMinutes')}>
            <input id="svc-target" inputMode="numeric" placeholder={str(hallSettings?.waitTargetMinutes ?? null)} className={inputClass(e('waitTargetMinutes'))} {...text('waitTargetMinutes')} />
          </Field>
        </div>
      </fieldset>
      <FormStatus error={formError} />
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="service-save">{t.admin.form.save}</button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t.common.cancel}</button>
      </div>
    </form>
  );
}
