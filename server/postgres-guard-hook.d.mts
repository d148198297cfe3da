export function load(
  url: string,
  context: unknown,
  nextLoad: (url: string, context: unknown) => Promise<{ format?: string; source?: string | ArrayBuffer | Uint8Array }>,
): Promise<{ format?: string; source?: string | ArrayBuffer | Uint8Array }>;
