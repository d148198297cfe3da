import type { z } from 'zod';
import type { Messages } from '@/lib/i18n';
import type { AdminError } from './admin-api';

/** Messages keyed by the field's path in the body ("guide.materials", "openingHours"). */
export type FieldErrors = Record<string, string>;

/** The form's own check, with the same schema the server parses the body with. */
export function issuesToFields(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/** Refusals the admin API gives by reason, and the field of the form each one is about. */
const reasonField: Record<string, string> = {
  SLUG_TAKEN: 'slug',
  PREFIX_TAKEN: 'prefix',
  NUMBER_TAKEN: 'number',
  USERNAME_TAKEN: 'username',
  WRONG_PASSWORD: 'currentPassword',
  UNKNOWN_COUNTER: 'counterId',
  COUNTER_BUSY: 'counterId',
  UNKNOWN_HALL: 'districtHalls',
};

/**
 * The server's refusal mapped onto the form: `details.field` names the field outright
 * (a prefix already in use, a taken username); a VALIDATION message lists "path: message"
 * pairs (server/http/router.ts); anything else is said above the buttons.
 */
export function apiErrorToFields(error: AdminError, t: Messages): { fields: FieldErrors; form: string | null } {
  const fields: FieldErrors = {};
  const field = error.details?.field ?? (error.reason ? reasonField[error.reason] : undefined);
  if (typeof field === 'string') {
    fields[field] = error.message;
    return { fields, form: describeAdminError(error, t) };
  }
  if (error.code === 'VALIDATION') {
    const text = error.message.replace(/^Invalid (body|query|path): /, '');
    for (const part of text.split('; ')) {
      const match = /^([\w.]+): (.+)$/.exec(part);
      if (match?.[1] && match[2]) fields[match[1]] ??= match[2];
    }
  }
  return { fields, form: describeAdminError(error, t) };
}

/** The localised meaning of the code, then the server's own sentence. */
export function describeAdminError(error: AdminError, t: Messages): string {
  if (error.code === 'NETWORK') return t.common.networkError;
  return `${t.errors[error.code]}（${error.message}）`;
}

/** Errors of one field and everything under it ("guide" also shows "guide.materials.0"). */
export function errorOf(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return nested ? errors[nested] : undefined;
}
