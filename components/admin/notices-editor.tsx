'use client';

import { useEffect, useState } from 'react';
import { type NoticesResponse, noticesBody, noticesResponse, urgentNoticeBody } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { Field, FormStatus, inputClass, linesOf } from './form-kit';
import { describeAdminError, errorOf, issuesToFields } from './form-errors';
import { useAdminSubmit } from './use-admin-submit';

/**
 * The TV's scrolling notices and call sentence, and the urgent notice: posted, it shows at
 * once on every screen of the hall (TV, counter strips) until an admin clears it.
 */
export function NoticesEditor({ hall, initial }: { hall: string; initial: NoticesResponse }) {
  const t = useMessages();
  const n = t.admin.notices;
  const [current, setCurrent] = useState(initial);
  const [notices, setNotices] = useState(initial.notices.join('\n'));
  const [template, setTemplate] = useState(initial.callTemplate);
  const [repeat, setRepeat] = useState(String(initial.callRepeat));
  const [urgent, setUrgent] = useState('');
  const { errors, formError, submit: send } = useAdminSubmit();
  const [urgentError, setUrgentError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setCurrent(initial), [initial]);

  async function saveNotices() {
    const parsed = noticesBody.safeParse({ notices: linesOf(notices), callTemplate: template, callRepeat: Number(repeat) });
    const answer = await send(parsed, (checked) => adminRequest('PUT', hallPath(hall, 'notices'), noticesResponse, checked));
    if (!answer) return;
    setSaved(true);
    setCurrent(answer);
  }

  async function setUrgentNotice(text: string | null) {
    const parsed = urgentNoticeBody.safeParse({ text });
    if (!parsed.success) {
      setUrgentError(Object.values(issuesToFields(parsed.error, t)).join('; '));
      return;
    }
    const result = await adminRequest('PUT', hallPath(hall, 'urgent-notice'), noticesResponse, parsed.data);
    if (!result.ok) {
      setUrgentError(describeAdminError(result.error, t));
      return;
    }
    setUrgentError(null);
    setUrgent('');
    setCurrent(result.data);
  }

  return (
    <>
      <section className="card adm-form adm-urgent" data-testid="urgent-notice">
        <h2>{n.urgentTitle}</h2>
        <p className="field-hint">{n.urgentHint}</p>
        {current.urgentNotice ? (
          <div className="adm-urgent-now" role="status">
            <p>
              {n.urgentNow}<strong data-testid="urgent-current">{current.urgentNotice}</strong>
            </p>
            <button type="button" className="btn btn-danger" onClick={() => void setUrgentNotice(null)} data-testid="urgent-clear">
              {n.urgentClear}
            </button>
          </div>
        ) : (
          <p className="muted" data-testid="urgent-none">{n.urgentNone}</p>
        )}
        <form className="adm-inline-form" onSubmit={(e) => { e.preventDefault(); void setUrgentNotice(urgent); }}>
          <Field id="urgent-text" label={n.urgentText} hint={n.urgentExample} error={urgentError ?? undefined}>
            <input id="urgent-text" className={inputClass(urgentError ?? undefined)} value={urgent} onChange={(e) => setUrgent(e.target.value)} />
          </Field>
          <button type="submit" className="btn btn-danger" data-testid="urgent-post">{n.urgentPost}</button>
        </form>
      </section>
      <form className="card adm-form" data-testid="notices-form" onSubmit={(e) => { e.preventDefault(); void saveNotices(); }}>
        <h2>{n.title}</h2>
        <div className="adm-grid">
          <Field id="notices-lines" label={n.notices} hint={n.noticesHint} error={errorOf(errors, 'notices')} wide>
            <textarea id="notices-lines" rows={4} className={inputClass(errorOf(errors, 'notices'))} value={notices} onChange={(e) => { setNotices(e.target.value); setSaved(false); }} />
          </Field>
          <Field id="call-template" label={n.callTemplate} hint={n.callTemplateHint} error={errors.callTemplate}>
            <input id="call-template" className={inputClass(errors.callTemplate)} value={template} onChange={(e) => { setTemplate(e.target.value); setSaved(false); }} />
          </Field>
          <Field id="call-repeat" label={n.callRepeat} hint={n.callRepeatHint} error={errors.callRepeat}>
            <input id="call-repeat" inputMode="numeric" className={inputClass(errors.callRepeat)} value={repeat} onChange={(e) => { setRepeat(e.target.value); setSaved(false); }} />
          </Field>
        </div>
        <div className="adm-savebar">
          <FormStatus error={formError} saved={saved} savedText={t.admin.form.saved} />
          <button type="submit" className="btn btn-primary" data-testid="notices-save">{t.admin.form.save}</button>
        </div>
      </form>
    </>
  );
}
