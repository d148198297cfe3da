'use client';

import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { type AdminError, adminGet } from './admin-api';

/** Loads one admin resource; `reload` fetches it again after a change. */
export function useAdminData<S extends z.ZodType>(path: string, schema: S) {
  const [data, setData] = useState<z.infer<S> | null>(null);
  const [error, setError] = useState<AdminError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void adminGet(path, schema).then((result) => {
      if (!live) return;
      if (result.ok) {
        setData(result.data);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [path, schema, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload, setData };
}
