'use client';

/** Opens the browser's print dialog: the page's print CSS lays the report on one A4 sheet. */
export function PrintButton({ label, testId }: { label: string; testId: string }) {
  return (
    <button type="button" className="btn btn-primary" onClick={() => window.print()} data-testid={testId}>
      {label}
    </button>
  );
}
