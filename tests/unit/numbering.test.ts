import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatTicketNumber, parseTicketNumber, prefixPattern } from '../../server/domain/numbering';

describe('formatTicketNumber', () => {
  it('pads to three digits and never truncates', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('A', 23)).toBe('A023');
    expect(formatTicketNumber('A', 999)).toBe('A999');
    expect(formatTicketNumber('A', 1000)).toBe('A1000');
    expect(formatTicketNumber('Z', 12345)).toBe('Z12345');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects sequence %s', (seq) => {
    expect(() => formatTicketNumber('A', seq)).toThrow(RangeError);
  });
});

describe('parseTicketNumber', () => {
  it('parses valid numbers', () => {
    expect(parseTicketNumber('A001')).toEqual({ prefix: 'A', seq: 1 });
    expect(parseTicketNumber('B023')).toEqual({ prefix: 'B', seq: 23 });
    expect(parseTicketNumber('C1000')).toEqual({ prefix: 'C', seq: 1000 });
  });

  it.each(['a001', 'A01', 'A000', 'A', '001', 'AB001', 'A001 ', ' A001', 'A-01', 'A0000', ''])('rejects %j', (s) => {
    expect(parseTicketNumber(s)).toBeNull();
  });

  it('property: parse(format(p, n)) round-trips for prefixes A–Z and n in 1..99999', () => {
    const prefix = fc.integer({ min: 65, max: 90 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(prefix, fc.integer({ min: 1, max: 99999 }), (p, n) => {
        const formatted = formatTicketNumber(p, n);
        expect(prefixPattern.test(p)).toBe(true);
        expect(formatted.length).toBe(1 + Math.max(3, String(n).length));
        expect(parseTicketNumber(formatted)).toEqual({ prefix: p, seq: n });
      }),
    );
  });

  it('property: formatting preserves numeric order within a prefix of equal width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }), (a, b) => {
        const fa = formatTicketNumber('A', a);
        const fb = formatTicketNumber('A', b);
        expect(Math.sign(fa.localeCompare(fb))).toBe(Math.sign(a - b));
      }),
    );
  });
});
