'use client';

import { useEffect, useState } from 'react';
import { type HallSettingsFields, hallSettingsPatch, hallSettingsResponse } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, FormStatus, inputClass } from './form-kit';
import { describeAdminError } from './form-errors';
import { useAdminSubmit } from './use-admin-submit';
import { type SettingKey, type SettingKind, type SettingValue, readSetting, settingGroups, settingsPatch } from './settings-fields';
import { useAdminData } from './use-admin-data';

const shown = (v: SettingValue) => (v === null ? '' : String(v));

/** /admin/[hall]/settings: the hall's rules as named fields, each with its meaning and default. */
export function SettingsAdmin({ hall }: { hall: string }) {
  const t = useMessages();
  const s = t.admin.settings;
  const loaded = useAdminData(hallPath(hall, 'settings'), hallSettingsResponse);
  const [draft, setDraft] = useState<Record<string, SettingValue>>({});
  const { errors, formError, submit: send } = useAdminSubmit();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    const next: Record<string, SettingValue> = {};
    for (const g of settingGroups) for (const [key] of g.fields) next[key] = readSetting(loaded.data.settings, key);
    setDraft(next);
  }, [loaded.data]);

  if (loaded.error) return <p className="alert alert-error" role="alert">{describeAdminError(loaded.error, t)}</p>;
  if (!loaded.data) return <p className="muted">{t.common.loading}</p>;
  const { settings, defaults } = loaded.data;

  const set = (key: SettingKey, value: SettingValue) => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };

  async function save(current: HallSettingsFields) {
    const patch = settingsPatch(current, draft);
    const parsed = hallSettingsPatch.safeParse(patch);
    const answer = await send(parsed, (checked) => adminRequest('PATCH', hallPath(hall, 'settings'), hallSettingsResponse, checked));
    if (!answer) return;
    setSaved(true);
    loaded.setData(answer);
  }

  const input = (key: SettingKey, kind: SettingKind) => {
    const id = `set-${key.replace('.', '-')}`;
    const value = draft[key] ?? null;
    if (kind === 'bool')
      return (
        <select id={id} className="input" value={value ? 'yes' : 'no'} onChange={(e) => set(key, e.target.value === 'yes')}>
          <option value="yes">{s.yes}</option>
          <option value="no">{s.no}</option>
        </select>
      );
    return (
      <input
        id={id}
        className={inputClass(errors[key])}
        inputMode={kind === 'name' ? undefined : 'numeric'}
        value={shown(value)}
        placeholder={kind === 'intOrNone' ? s.none : undefined}
        onChange={(e) => {
          const text = e.target.value.trim();
          if (kind === 'name') set(key, text === '' ? null : text);
          else set(key, text === '' ? (kind === 'intOrNone' ? null : Number.NaN) : Number(text));
        }}
      />
    );
  };

  const defaultText = (key: SettingKey, kind: SettingKind) => {
    const v = readSetting(defaults, key);
    const text = v === null ? (kind === 'name' ? s.nobody : s.none) : kind === 'bool' ? (v ? s.yes : s.no) : String(v);
    return format(s.defaultIs, { value: text });
  };

  return (
    <form className="adm-stack" data-testid="settings-form" onSubmit={(e) => { e.preventDefault(); void save(settings); }}>
      <header className="adm-heading">
        <h1>{s.title}</h1>
        <p className="field-hint">{s.hint}</p>
      </header>
      {settingGroups.map((g) => (
        <section key={g.group} className="card adm-form" data-testid={`settings-group-${g.group}`}>
          <h2>{s.groups[g.group]}</h2>
          <div className="adm-grid">
            {g.fields.map(([key, kind]) => (
              <Field key={key} id={`set-${key.replace('.', '-')}`} label={s.fields[key].label} hint={`${s.fields[key].meaning} ${defaultText(key, kind)}`} error={errors[key]}>
                {input(key, kind)}
              </Field>
            ))}
          </div>
        </section>
      ))}
      <div className="adm-savebar">
        <FormStatus error={formError} saved={saved} savedText={t.admin.form.saved} />
        <button type="submit" className="btn btn-primary" data-testid="settings-save">{t.admin.form.save}</button>
      </div>
    </form>
  );
}
