'use client';

import { useEffect, useState } from 'react';
import { type AdminHall, adminHallList, adminHallResponse, hallUpdateBody } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminBase, adminRequest, hallPath } from './admin-api';
import { CalendarEditor, type HallCalendar } from './calendar-editor';
import { Field, FormStatus, inputClass } from './form-kit';
import { describeAdminError, errorOf } from './form-errors';
import { useAdminSubmit } from './use-admin-submit';
import { OpeningHoursEditor, type WeekGrid, fromGrid, toGrid } from './opening-hours-editor';
import { useAdminData } from './use-admin-data';

interface Draft {
  name: string;
  address: string;
  timeZone: string;
  grid: WeekGrid;
  calendar: HallCalendar;
  districtHalls: string;
}

const draftOf = (h: AdminHall): Draft => ({
  name: h.name,
  address: h.address,
  timeZone: h.timeZone,
  grid: toGrid(h.openingHours),
  calendar: h.calendar,
  districtHalls: h.districtHalls.join(', '),
});

/** /admin/[hall]: the hall's name, address, zone, week with 午休, holidays and 调休, oversight. */
export function HallEditor({ hall }: { hall: string }) {
  const t = useMessages();
  const loaded = useAdminData(hallPath(hall), adminHallResponse);
  const others = useAdminData(`${adminBase}/halls`, adminHallList);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { errors, formError, busy, submit: send } = useAdminSubmit();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setDraft(draftOf(loaded.data.hall));
  }, [loaded.data]);

  if (loaded.error) return <p className="alert alert-error" role="alert">{describeAdminError(loaded.error, t)}</p>;
  if (!draft || !loaded.data) return <p className="muted">{t.common.loading}</p>;
  const update = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };

  async function save(d: Draft) {
    const body = {
      name: d.name,
      address: d.address,
      timeZone: d.timeZone,
      openingHours: fromGrid(d.grid),
      calendar: d.calendar,
      districtHalls: d.districtHalls.split(/[\s,，]+/).filter((s) => s.length > 0),
    };
    const parsed = hallUpdateBody.safeParse(body);
    const answer = await send(parsed, (checked) => adminRequest('PATCH', hallPath(hall), adminHallResponse, checked));
    if (!answer) return;
    setSaved(true);
    loaded.setData(answer);
  }

  const otherSlugs = (others.data?.halls ?? []).map((h) => h.slug).filter((s) => s !== loaded.data?.hall.slug);
  return (
    <form
      className="adm-stack"
      data-testid="hall-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft);
      }}
    >
      <header className="adm-heading">
        <h1>{loaded.data.hall.name}</h1>
        <p className="muted">
          <code>{loaded.data.hall.slug}</code> · <a href={`/h/${loaded.data.hall.slug}`}>{t.admin.hall.citizenPage}</a> ·{' '}
          <a href={`/display/${loaded.data.hall.slug}`}>{t.admin.hall.tvPage}</a>
        </p>
      </header>
      <section className="card adm-form">
        <h2>{t.admin.hall.details}</h2>
        <div className="adm-grid">
          <Field id="hall-name" label={t.admin.hall.name} error={errors.name}>
            <input id="hall-name" className={inputClass(errors.name)} value={draft.name} onChange={(e) => update({ name: e.target.value })} />
          </Field>
          <Field id="hall-address" label={t.admin.hall.address} error={errors.address}>
            <input id="hall-address" className={inputClass(errors.address)} value={draft.address} onChange={(e) => update({ address: e.target.value })} />
          </Field>
          <Field id="hall-tz" label={t.admin.hall.timeZone} hint={t.admin.hall.timeZoneHint} error={errors.timeZone}>
            <input id="hall-tz" className={inputClass(errors.timeZone)} value={draft.timeZone} onChange={(e) => update({ timeZone: e.target.value })} />
          </Field>
          <Field
            id="hall-district"
            label={t.admin.hall.districtHalls}
            hint={otherSlugs.length ? `${t.admin.hall.districtHallsHint} ${format(t.admin.hall.districtHallsKnown, { halls: otherSlugs.join(', ') })}` : t.admin.hall.districtHallsHint}
            error={errorOf(errors, 'districtHalls')}
          >
            <input id="hall-district" className={inputClass(errorOf(errors, 'districtHalls'))} value={draft.districtHalls} onChange={(e) => update({ districtHalls: e.target.value })} />
          </Field>
        </div>
      </section>
      <section className="card adm-form">
        <h2>{t.admin.hall.hours}</h2>
        <p className="field-hint">{t.admin.hall.hoursHint}</p>
        <OpeningHoursEditor id="hall-hours" grid={draft.grid} onChange={(grid) => update({ grid })} error={errorOf(errors, 'openingHours')} />
      </section>
      <section className="card adm-form">
        <h2>{t.admin.calendar.title}</h2>
        <CalendarEditor value={draft.calendar} onChange={(calendar) => update({ calendar })} error={errorOf(errors, 'calendar')} />
      </section>
      <div className="adm-savebar">
        <FormStatus error={formError} saved={saved} savedText={t.admin.form.saved} />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="hall-save">
          {t.admin.form.save}
        </button>
      </div>
    </form>
  );
}
