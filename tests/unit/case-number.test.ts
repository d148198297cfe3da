import { describe, expect, it } from 'vitest';
import { caseNo } from '../../server/contracts/common';

describe('the 办件 case number on the wire', () => {
  it('accepts the hall system’s forms: letters, digits and inner dashes, 4 to 40 long', () => {
    for (const no of ['QS-2026-000123', '2026000123', 'ab12', 'A-B-C-D', 'QS--2026', 'X'.repeat(40)]) {
      expect(caseNo.safeParse(no)).toEqual({ success: true, data: no });
    }
  });

  it('trims the spaces a pasted number brings', () => {
    expect(caseNo.parse('  QS-2026-000123\n')).toBe('QS-2026-000123');
  });

  it('refuses a leading or trailing dash, other characters, and a wrong length', () => {
    for (const no of ['-2026000123', '2026000123-', '-', 'QS 2026', 'QS_2026', 'QS/2026', '琼山2026', 'abc', 'X'.repeat(41), '']) {
      expect(caseNo.safeParse(no).success, no).toBe(false);
    }
  });
});
