import type { z } from 'zod';
import { type Messages, format } from '@/lib/i18n';
import type { AdminError } from './admin-api';

/** Messages keyed by the field's path in the body ("guide.materials", "openingHours"). */
export type FieldErrors = Record<string, string>;

/** The contract's own sentences for its refinements, in the reader's language. */
function refinement(message: string, v: Messages['admin']['validation']): string {
  if (message.includes('end after it starts')) return v.periodOrder;
  if (message.includes('must not overlap')) return v.periodOverlap;
  if (message.includes('{number}')) return v.callTemplate;
  if (message.includes('time zone')) return v.timeZone;
  if (message.includes('capital letter')) return v.prefix;
  if (message.includes('lower-case')) return v.slug;
  if (message.includes('letters, digits')) return v.username;
  if (message === 'HH:MM') return v.time;
  return v.invalid;
}

/** One issue of the contract's schema said in the reader's language, with its figures. */
function localIssue(issue: z.core.$ZodIssue, t: Messages): string {
  const v = t.admin.validation;
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? v.required : format(v.minChars, { min });
      if (issue.origin === 'array') return format(v.minItems, { min });
      return format(v.minNumber, { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return format(v.maxChars, { max });
      if (issue.origin === 'array') return format(v.maxItems, { max });
      return format(v.maxNumber, { max });
    }
    case 'invalid_type':
      return issue.expected === 'number' ? v.number : v.required;
    case 'invalid_format':
      return issue.format === 'url' ? v.url : issue.format === 'regex' ? refinement(issue.message, v) : v.invalid;
    case 'invalid_value':
      return v.choose;
    case 'custom':
      return refinement(issue.message, v);
    default:
      return v.invalid;
  }
}

/** The form's own check, with the same schema the server parses the body with. */
export function issuesToFields(error: z.ZodError, t: Messages): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    out[key] ??= localIssue(issue, t);
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
  if (error.code === 'CONTRACT') return `${t.admin.form.contractDrift}（${error.message}）`;
  return `${t.errors[error.code]}（${error.message}）`;
}

/** Errors of one field and everything under it ("guide" also shows "guide.materials.0"). */
export function errorOf(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return nested ? errors[nested] : undefined;
}
