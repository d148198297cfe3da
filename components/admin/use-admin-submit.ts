'use client';

import { useState } from 'react';
import type { z } from 'zod';
import { useMessages } from '../i18n';
import type { AdminResult } from './admin-api';
import { type FieldErrors, apiErrorToFields, issuesToFields } from './form-errors';

/**
 * The one way an admin form sends: the body is checked with the contract's own schema
 * first, then sent, and either refusal lands on the fields it concerns (or above the form,
 * when it concerns none). Answers the saved data, or null when something was refused.
 */
export function useAdminSubmit() {
  const t = useMessages();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit<In, Out>(parsed: z.ZodSafeParseResult<In>, send: (body: In) => Promise<AdminResult<Out>>): Promise<Out | null> {
    if (!parsed.success) {
      setErrors(issuesToFields(parsed.error, t));
      setFormError(t.admin.form.fixFields);
      return null;
    }
    setBusy(true);
    const result = await send(parsed.data).finally(() => setBusy(false));
    if (!result.ok) {
      const mapped = apiErrorToFields(result.error, t);
      setErrors(mapped.fields);
      setFormError(mapped.form);
      return null;
    }
    setErrors({});
    setFormError(null);
    return result.data;
  }

  return { errors, formError, busy, submit };
}
