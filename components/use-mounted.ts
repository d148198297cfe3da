'use client';

import { useEffect, useState } from 'react';

/**
 * True once the component has mounted in the browser. Charts measure a box that exists only
 * there; forms keep their controls disabled until then, so a change made before the page
 * came alive (a slow phone, a busy tablet) is not silently undone when React takes over.
 */
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
