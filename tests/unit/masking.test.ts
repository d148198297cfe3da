import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { mainlandMobilePattern, maskIdNumber, maskName, maskPhone } from '../../server/domain/masking';

describe('maskName', () => {
  it.each([
    ['张三明', '张*明'],
    ['欧阳娜娜', '欧**娜'],
    ['张三', '张*'],
    ['张', '*'],
    ['', ''],
    ['  张三明  ', '张*明'],
    ['   ', ''],
    ['阿卜杜热合曼', '阿****曼'],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('counts characters, not UTF-16 code units (rare CJK outside the BMP)', () => {
    // 𠀀 is one character but two code units.
    expect(maskName('𠀀三明')).toBe('𠀀*明');
    expect(maskName('张𠀀')).toBe('张*');
  });

  it('property: same number of characters; for 3+ characters only the first and last show', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'张王李赵欧阳娜明三丽华'), { minLength: 1, maxLength: 8 }), (chars) => {
        const masked = Array.from(maskName(chars.join('')));
        expect(masked).toHaveLength(chars.length);
        if (chars.length === 1) expect(masked).toEqual(['*']);
        else expect(masked[0]).toBe(chars[0]);
        if (chars.length >= 3) expect(masked[masked.length - 1]).toBe(chars[chars.length - 1]);
        expect(masked.slice(1, chars.length >= 3 ? -1 : undefined).every((c) => c === '*')).toBe(true);
      }),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['138 1234 1234', '138****1234'],
    ['138-1234-1234', '138****1234'],
    [' 138-1234 1234 ', '138****1234'],
    ['12345', '*****'],
    ['', ''],
    ['02112345678', '021****5678'],
    ['057187654321', '057*****4321'],
    // Short (local landline) numbers: never shown in full, at least four digits hidden.
    ['1234567', '*******'],
    ['8765-4321', '****4321'],
    ['0898123456', '******3456'],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  const mobileArb = fc
    .tuple(fc.integer({ min: 3, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }))
    .map(([second, rest]) => `1${second}${rest.join('')}`);

  it('property: an 11-digit mobile keeps 3 + 4 digits and hides the middle four', () => {
    fc.assert(
      fc.property(mobileArb, (phone) => {
        expect(mainlandMobilePattern.test(phone)).toBe(true);
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(11);
        expect(masked.slice(3, 7)).toBe('****');
        expect(masked.slice(0, 3)).toBe(phone.slice(0, 3));
        expect(masked.slice(7)).toBe(phone.slice(7));
      }),
    );
  });

  it('property: separators are ignored and the output has as many characters as the input has digits', () => {
    const charArb = fc.constantFrom(...'0123456789 -()+');
    fc.assert(
      fc.property(fc.array(charArb, { maxLength: 25 }), (chars) => {
        const phone = chars.join('');
        const digits = phone.replace(/\D/g, '');
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(digits.length);
        expect(masked).toMatch(/^[\d*]*$/);
        expect(maskPhone(digits)).toBe(masked);
        // Never reveals more than 7 digits, and always hides at least 4 (all of a short one).
        const shown = masked.replace(/\*/g, '').length;
        expect(shown).toBeLessThanOrEqual(7);
        expect(digits.length - shown).toBeGreaterThanOrEqual(Math.min(4, digits.length));
        if (digits.length > 0) expect(masked).not.toBe(digits);
        // Whatever is shown is shown in place.
        for (let i = 0; i < masked.length; i += 1) if (masked[i] !== '*') expect(masked[i]).toBe(digits[i]);
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the region prefix and the last four of an 18-character ID', () => {
    expect(maskIdNumber('460100199001011234')).toBe('4601**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber(' 460100199001011234 ')).toBe('4601**********1234');
  });

  it('masks short values entirely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });

  it('property: the birth date (characters 7–14) never shows and the length is kept', () => {
    const idArb = fc
      .array(fc.constantFrom(...'0123456789'), { minLength: 17, maxLength: 17 })
      .chain((d) => fc.constantFrom(...'0123456789X').map((last) => d.join('') + last));
    fc.assert(
      fc.property(idArb, (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(4, 14)).toBe('**********');
        expect(masked.slice(0, 4)).toBe(id.slice(0, 4));
        expect(masked.slice(14)).toBe(id.slice(14));
      }),
    );
  });
});
