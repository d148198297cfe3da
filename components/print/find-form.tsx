import type { Messages } from '@/lib/i18n';

/** 按号补打: today's ticket of this hall by its number, for a citizen who lost the slip. */
export function PrintFindForm({ t, paper = '58' }: { t: Messages; paper?: '58' | '80' }) {
  const a = t.print.actions;
  return (
    <form method="get" action="/print/find" target="_blank" className="print-find" data-testid="print-find">
      <label>
        {a.findLabel}
        <input name="number" required maxLength={8} pattern="[A-Za-z][0-9]{1,4}" placeholder={a.findPlaceholder} autoComplete="off" data-testid="print-find-number" />
      </label>
      <input type="hidden" name="paper" value={paper} />
      <button type="submit" className="btn btn-small btn-secondary" data-testid="print-find-submit">
        {a.find}
      </button>
    </form>
  );
}
