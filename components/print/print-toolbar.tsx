'use client';

import { useEffect } from 'react';

/** The print button, and with `auto` the dialog opened once the sheet is on screen. */
export function PrintButton({ label, auto }: { label: string; auto: boolean }) {
  useEffect(() => {
    if (!auto) return;
    const frame = requestAnimationFrame(() => window.print());
    return () => cancelAnimationFrame(frame);
  }, [auto]);
  return (
    <button type="button" className="btn btn-primary" onClick={() => window.print()} data-testid="print-button">
      {label}
    </button>
  );
}
