import type { Messages } from '@/lib/i18n';

/**
 * 我的排队号 on the hall home: the numbers this device took today (filled by mine-island.ts from
 * the device's storage, each checked with the server) and the way back by phone, which works
 * without the device's memory. The <details> opens without any script.
 */
export function MyTickets({ t }: { t: Messages }) {
  const h = t.citizen.home;
  return (
    <section className="card my-tickets" aria-labelledby="mine-title" data-testid="my-tickets">
      <h2 id="mine-title" className="section-title">
        {h.mineTitle}
      </h2>
      <p className="muted" id="mine-hint" hidden>
        {h.mineHint}
      </p>
      <ul id="mine-list" className="mine-list" data-testid="mine-list" hidden />
      <p className="muted" id="mine-empty">
        {h.mineEmpty}
      </p>
      <details className="find-ticket" id="find-ticket" data-testid="find-ticket">
        <summary>{h.findTitle}</summary>
        <form id="find-form" className="find-form" noValidate>
          <p className="field-hint">{h.findHint}</p>
          <div className="find-fields">
            <div>
              <label className="field-label" htmlFor="find-phone">
                {h.findPhone}
              </label>
              <input
                id="find-phone"
                className="input input-lg tabular"
                data-testid="find-phone"
                type="tel"
                inputMode="numeric"
                autoComplete="tel-national"
                maxLength={13}
              />
            </div>
            <div>
              <label className="field-label" htmlFor="find-number">
                {h.findNumber}
              </label>
              <input
                id="find-number"
                className="input input-lg tabular"
                data-testid="find-number"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={8}
                placeholder={h.findNumberPlaceholder}
              />
            </div>
          </div>
          <p id="find-error" className="alert alert-error" role="alert" data-testid="find-error" hidden />
          <button id="find-submit" type="submit" className="btn btn-primary btn-block" data-testid="find-submit">
            {h.findSubmit}
          </button>
          <ul id="find-list" className="mine-list" data-testid="find-list" hidden />
        </form>
      </details>
    </section>
  );
}

/** 办不成事 from the home: a sheet like the 取号 one, sent to the hall's duty leader (mine-island.ts). */
export function UnresolvedSheet({ t }: { t: Messages }) {
  const h = t.citizen.home;
  return (
    <div id="unresolved-sheet" className="sheet" hidden data-testid="unresolved-sheet">
      <div className="sheet-backdrop" data-unresolved-close="" />
      <form id="unresolved-form" className="sheet-panel" role="dialog" aria-modal="true" aria-labelledby="unresolved-title" noValidate>
        <h2 id="unresolved-title" className="sheet-title">
          {h.unresolvedTitle}
        </h2>
        <p className="muted">{h.unresolvedHint}</p>
        <div>
          <label className="field-label" htmlFor="unresolved-description">
            {h.unresolvedDescription}
          </label>
          <textarea
            id="unresolved-description"
            className="input"
            data-testid="unresolved-description"
            rows={4}
            maxLength={1000}
            placeholder={h.unresolvedPlaceholder}
          />
        </div>
        <div>
          <label className="field-label" htmlFor="unresolved-phone">
            {h.unresolvedPhone}
          </label>
          <input
            id="unresolved-phone"
            className="input input-lg tabular"
            data-testid="unresolved-phone"
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            maxLength={13}
          />
        </div>
        <p id="unresolved-error" className="alert alert-error" role="alert" data-testid="unresolved-error" hidden />
        <p id="unresolved-sent" className="alert alert-success" role="status" data-testid="unresolved-sent" hidden />
        <div className="sheet-actions">
          <button id="unresolved-submit" type="submit" className="btn btn-primary btn-lg btn-block" data-testid="unresolved-submit">
            {h.unresolvedSubmit}
          </button>
          <button type="button" className="btn btn-ghost btn-block" data-unresolved-close="">
            {h.unresolvedCancel}
          </button>
        </div>
      </form>
    </div>
  );
}
