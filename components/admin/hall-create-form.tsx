'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { adminHallResponse, hallCreateBody } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminBase, adminRequest } from './admin-api';
import { Field, FormStatus, inputClass } from './form-kit';
import { useAdminSubmit } from './use-admin-submit';

/** A district admin's new hall: its address in links (slug), name, address and time zone. */
export function HallCreateForm({ onCreated }: { onCreated: () => void }) {
  const t = useMessages();
  const router = useRouter();
  const [form, setForm] = useState({ slug: '', name: '', address: '', timeZone: 'Asia/Shanghai' });
  const { errors, formError, busy, submit: send } = useAdminSubmit();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit() {
    const parsed = hallCreateBody.safeParse(form);
    const saved = await send(parsed, (checked) =>
      adminRequest('POST', `${adminBase}/halls`, adminHallResponse, checked),
    );
    if (!saved) return;
    onCreated();
    router.push(`/admin/${saved.hall.slug}`);
  }

  return (
    <form
      className="card adm-form"
      data-testid="hall-create"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t.admin.halls.create}</h2>
      <div className="adm-grid">
        <Field id="hall-slug" label={t.admin.hall.slug} hint={t.admin.hall.slugHint} error={errors.slug}>
          <input id="hall-slug" className={inputClass(errors.slug)} value={form.slug} onChange={set('slug')} autoCapitalize="none" spellCheck={false} />
        </Field>
        <Field id="hall-name" label={t.admin.hall.name} error={errors.name}>
          <input id="hall-name" className={inputClass(errors.name)} value={form.name} onChange={set('name')} />
        </Field>
        <Field id="hall-address" label={t.admin.hall.address} error={errors.address}>
          <input id="hall-address" className={inputClass(errors.address)} value={form.address} onChange={set('address')} />
        </Field>
        <Field id="hall-tz" label={t.admin.hall.timeZone} hint={t.admin.hall.timeZoneHint} error={errors.timeZone}>
          <input id="hall-tz" className={inputClass(errors.timeZone)} value={form.timeZone} onChange={set('timeZone')} />
        </Field>
      </div>
      <FormStatus error={formError} />
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="hall-create-submit">
        {t.admin.halls.createSubmit}
      </button>
    </form>
  );
}
