import { describe, expect, it } from 'vitest';
import { scrubContacts, ticketLinkExpiry } from '../../server/domain/retention';

describe('scrubContacts', () => {
  it('removes phones, landlines, ID numbers, e-mail addresses and long digit runs, and nothing else', () => {
    expect(scrubContacts('请回电 13812345678，或 138 1234 5678')).toBe('请回电 [已删除]，或 [已删除]');
    expect(scrubContacts('座机 0898-65201234')).toBe('座机 [已删除]');
    expect(scrubContacts('身份证 46010019900101123X 号')).toBe('身份证 [已删除] 号');
    expect(scrubContacts('邮箱 zhang.san@example.com')).toBe('邮箱 [已删除]');
    expect(scrubContacts('+86 13812345678')).toBe('[已删除]');
    expect(scrubContacts('A023 号，等了 45 分钟，2026年3月2日')).toBe('A023 号，等了 45 分钟，2026年3月2日');
  });
});

describe('ticketLinkExpiry', () => {
  const zone = 'Asia/Shanghai';
  const base = { day: '2026-11-27', issuedAt: new Date('2026-11-27T01:00:00Z'), openFollowUps: 0, lastFollowUpClosedAt: null };
  const nextMidnight = new Date('2026-11-27T16:00:00Z');

  it('ends a finished visit at the next local midnight', () => {
    expect(ticketLinkExpiry({ ...base, status: 'completed', finishedAt: new Date('2026-11-27T02:00:00Z') }, '2026-11-27', zone)).toEqual(nextMidnight);
    expect(ticketLinkExpiry({ ...base, status: 'no_show', finishedAt: new Date('2026-11-27T15:59:00Z') }, '2026-11-27', zone)).toEqual(nextMidnight);
  });

  it('keeps a visit alive while it waits today or a follow-up is open', () => {
    expect(ticketLinkExpiry({ ...base, status: 'waiting', finishedAt: null }, '2026-11-27', zone)).toBeNull();
    expect(ticketLinkExpiry({ ...base, status: 'serving', finishedAt: null }, '2026-11-27', zone)).toBeNull();
    expect(ticketLinkExpiry({ ...base, status: 'completed', finishedAt: base.issuedAt, openFollowUps: 1 }, '2026-12-20', zone)).toBeNull();
  });

  it('ends a number left waiting with its day, and a visit with the day its last follow-up closed', () => {
    expect(ticketLinkExpiry({ ...base, status: 'waiting', finishedAt: null }, '2026-11-28', zone)).toEqual(nextMidnight);
    const closed = new Date('2026-11-30T03:00:00Z');
    expect(
      ticketLinkExpiry({ ...base, status: 'completed', finishedAt: base.issuedAt, lastFollowUpClosedAt: closed }, '2026-12-01', zone),
    ).toEqual(new Date('2026-11-30T16:00:00Z'));
  });
});
