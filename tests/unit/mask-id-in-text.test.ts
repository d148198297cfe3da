import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumbersIn } from '../../server/domain/masking';

describe('maskIdNumbersIn', () => {
  it('masks 18- and 15-character resident ID numbers inside Chinese text, keeping region prefix and last four', () => {
    expect(maskIdNumbersIn('身份证号460100199001011234，材料齐全')).toBe('身份证号4601**********1234，材料齐全');
    expect(maskIdNumbersIn('证件 46010019900101123X 与 46010019850505222x')).toBe('证件 4601**********123X 与 4601**********222x');
    expect(maskIdNumbersIn('旧证460100900101123已换领')).toBe('旧证4601*******1123已换领');
  });

  it('leaves phones, dates, case numbers and longer digit runs alone', () => {
    for (const text of ['电话13812345678', '2026-12-07 10:00', '办件编号 BJ2026120700012', '流水号12345678901234567890', 'A0012 号', '']) {
      expect(maskIdNumbersIn(text)).toBe(text);
    }
  });

  it('never changes text without an ID number and never leaves one readable', () => {
    const id = fc
      .tuple(fc.integer({ min: 110000, max: 659999 }), fc.integer({ min: 1930, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(...'0123456789X'))
      .map(([r, y, m, d, seq, c]) => `${r}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}${c}`);
    const words = fc.array(fc.constantFrom('申请人', '材料', '，', '。', ' ', '已核对'), { maxLength: 5 }).map((w) => w.join(''));
    fc.assert(
      fc.property(words, id, words, (before, number, after) => {
        const masked = maskIdNumbersIn(`${before}${number}${after}`);
        expect(masked).toBe(`${before}${number.slice(0, 4)}${'*'.repeat(10)}${number.slice(-4)}${after}`);
        expect(masked).not.toContain(number);
        expect(maskIdNumbersIn(before + after)).toBe(before + after);
      }),
    );
  });
});
