/**
 * One tap, one key: a command POSTed with an `Idempotency-Key` made once per tap, and retried
 * with that same key when the answer is lost (no network) or the server says it is
 * momentarily unavailable (503). The retry finds the committed answer instead of doing the
 * command twice, so a kiosk never prints two numbers for one tap.
 */
export function newIdempotencyKey(): string {
  // getRandomValues works on plain http too (randomUUID needs a secure context): 128 bits.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function postIdempotent(
  url: string,
  init: { headers: Record<string, string>; body: string },
  { key = newIdempotencyKey(), attempts = 3, retryDelayMs = 1_000 } = {},
): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { ...init.headers, 'idempotency-key': key }, body: init.body });
      if (res.status !== 503 || attempt >= attempts) return res;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs * (0.75 + Math.random() / 2)));
  }
}
