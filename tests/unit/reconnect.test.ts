import { describe, expect, it } from 'vitest';
import { reconnectOptions, refusedRetryMs } from '../../components/realtime/reconnect';
import { ticketIsland } from '../../components/ticket-page/ticket-island';

/** Socket.IO's backoff: attempt n waits delay·2^n, capped, then ± factor of it. */
function delayRange(attempt: number, o: { reconnectionDelay: number; reconnectionDelayMax: number; randomizationFactor: number }) {
  const base = Math.min(o.reconnectionDelay * 2 ** attempt, o.reconnectionDelayMax);
  return { low: base * (1 - o.randomizationFactor), high: Math.min(base * (1 + o.randomizationFactor), o.reconnectionDelayMax) };
}

describe('reconnect options', () => {
  it('bring a client back about a second after its server, never more than 3 s', () => {
    const first = delayRange(0, reconnectOptions);
    expect(first.low).toBeGreaterThanOrEqual(200);
    expect(first.high).toBeLessThanOrEqual(1_000);
    for (let attempt = 0; attempt < 20; attempt += 1) expect(delayRange(attempt, reconnectOptions).high).toBeLessThanOrEqual(3_000);
  });

  it('spread the clients with jitter, so a hall of phones does not return in one instant', () => {
    expect(reconnectOptions.randomizationFactor).toBeGreaterThanOrEqual(0.3);
    expect(reconnectOptions.randomizationFactor).toBeLessThanOrEqual(0.5);
  });

  it('are the ticket page’s own figures too (its script cannot import them)', () => {
    const source = ticketIsland.toString();
    // The source as the page serialises it (numbers may be minified, 2000 as 2e3).
    const figure = (name: string) => Number(new RegExp(`${name}:\\s*([0-9.e]+)`).exec(source)?.[1]);
    expect(figure('reconnectionDelay')).toBe(reconnectOptions.reconnectionDelay);
    expect(figure('reconnectionDelayMax')).toBe(reconnectOptions.reconnectionDelayMax);
    expect(figure('randomizationFactor')).toBe(reconnectOptions.randomizationFactor);
  });

  it('try a handshake refused as UNAVAILABLE again within 0.5–1.5 s; other refusals as the caller says', () => {
    const unavailable = Object.assign(new Error('busy'), { data: { code: 'UNAVAILABLE' } });
    for (let i = 0; i < 50; i += 1) {
      const ms = refusedRetryMs(unavailable, 10_000);
      expect(ms).toBeGreaterThanOrEqual(500);
      expect(ms).toBeLessThanOrEqual(1_500);
    }
    expect(refusedRetryMs(Object.assign(new Error('no'), { data: { code: 'FORBIDDEN' } }), 10_000)).toBe(10_000);
    expect(refusedRetryMs(new Error('no'), null)).toBeNull();
  });
});
