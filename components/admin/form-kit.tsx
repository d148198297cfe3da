'use client';

import type { ReactNode } from 'react';

/** A labelled field with its hint and its error, tied together for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  wide = false,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'adm-field adm-field-wide' : 'adm-field'} data-invalid={error ? 'true' : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? <p className="field-hint">{hint}</p> : null}
      {error ? (
        <p className="field-error" role="alert" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** What the whole form was refused for, or that it was saved. */
export function FormStatus({ error, saved, savedText }: { error: string | null; saved?: boolean; savedText?: string }) {
  if (error)
    return (
      <p className="alert alert-error" role="alert" data-testid="form-error">
        {error}
      </p>
    );
  if (saved && savedText)
    return (
      <p className="alert alert-success" role="status" data-testid="form-saved">
        {savedText}
      </p>
    );
  return null;
}

export const inputClass = (error: string | undefined) => (error ? 'input input-invalid' : 'input');

/** Lines of a textarea as a list: one material or condition per line, blanks dropped. */
export const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
