/** Service prefixes are one capital letter, as printed on slips and spoken by the hall TV. */
export const prefixPattern = /^[A-Z]$/;

/** A023, A999, then A1000: three digits at least, never truncated. */
export function formatTicketNumber(prefix: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence must be a positive integer, got ${seq}`);
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export function parseTicketNumber(number: string): { prefix: string; seq: number } | null {
  const match = /^([A-Z])(\d{3,})$/.exec(number);
  if (!match?.[1] || !match[2]) return null;
  const seq = Number(match[2]);
  return seq >= 1 ? { prefix: match[1], seq } : null;
}
