import { type Messages, format } from '@/lib/i18n';

/** The 取号 sheet: filled and driven by the home's script (phone optional, errors in plain words). */
export function TakeSheet({ t, textsOnCall = false, keptDays }: { t: Messages; textsOnCall?: boolean; keptDays: number }) {
  const s = t.citizen.takeSheet;
  return (
    <div id="take-sheet" className="sheet" hidden data-testid="take-sheet">
      <div className="sheet-backdrop" data-sheet-close="" />
      <form id="take-form" className="sheet-panel" role="dialog" aria-modal="true" aria-labelledby="take-title" noValidate>
        <h2 id="take-title" className="sheet-title" />
        <p id="take-instant" className="alert alert-info" hidden>
          {s.instantHint}{' '}
          <a id="take-instant-link" href="#" rel="noopener noreferrer">
            {t.citizen.home.online}
          </a>
        </p>
        <div>
          <label className="field-label" htmlFor="take-phone">
            {s.phoneLabel}
          </label>
          <input
            id="take-phone"
            name="phone"
            data-testid="take-phone"
            className="input input-lg tabular"
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            maxLength={13}
            placeholder={s.phonePlaceholder}
            aria-describedby="take-phone-hint"
          />
          <p id="take-phone-hint" className="field-hint">
            {textsOnCall ? s.phoneHintTexts : s.phoneHint}
          </p>
          <p className="field-hint" data-testid="take-phone-kept">
            {format(s.phoneKept, { days: keptDays })}
          </p>
        </div>
        <p id="take-error" className="alert alert-error" role="alert" data-testid="take-error" hidden />
        <div className="sheet-actions">
          <button id="take-confirm" type="submit" className="btn btn-primary btn-lg btn-block" data-testid="take-confirm">
            {s.confirm}
          </button>
          <button type="button" className="btn btn-ghost btn-block" data-sheet-close="">
            {s.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}
