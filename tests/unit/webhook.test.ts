import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookCreateBody } from '../../server/contracts/admin';
import { publicEventData } from '../../server/domain/public-event';
import { outcomeOfStatus, webhookBody, webhookSignature } from '../../server/services/outbox/webhook';

describe('webhook signature, body and answers', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 as hex, prefixed sha256=', () => {
    const body = webhookBody({ id: 'm-1', payload: { seq: 7, type: 'ticket.called', data: { number: 'A023' } } });
    expect(body).toBe('{"id":"m-1","seq":7,"type":"ticket.called","data":{"number":"A023"}}');
    const expected = createHmac('sha256', 'whsec_test').update(`1795744800.${body}`).digest('hex');
    expect(webhookSignature('whsec_test', '1795744800', body)).toBe(`sha256=${expected}`);
    // The timestamp is part of what is signed: another one does not verify.
    expect(webhookSignature('whsec_test', '1795744801', body)).not.toBe(`sha256=${expected}`);
  });

  it('2xx is sent, 4xx but 408 and 429 is dead, everything else is retried', () => {
    expect([200, 201, 202, 204].map(outcomeOfStatus)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect([400, 401, 403, 404, 410, 413, 422].map(outcomeOfStatus)).toEqual(Array(7).fill('reject'));
    expect([408, 429, 500, 502, 503, 301, 302, 100].map(outcomeOfStatus)).toEqual(Array(8).fill('retry'));
  });

  it('the body carries the public projection only', () => {
    expect(publicEventData({ number: 'A023', counterNumber: 5, phone: '13800138000', staffId: 's', displayName: '张三', reason: '理由' })).toEqual({
      number: 'A023',
      counterNumber: 5,
    });
  });

  it('accepts https anywhere and http only on loopback', () => {
    const ok = (url: string) => webhookCreateBody.safeParse({ url }).success;
    expect(ok('https://hooks.example.gov.cn/x')).toBe(true);
    expect(ok('http://127.0.0.1:8080/x')).toBe(true);
    expect(ok('http://localhost/x')).toBe(true);
    expect(ok('http://[::1]:9000/x')).toBe(true);
    expect(ok('http://hooks.example.gov.cn/x')).toBe(false);
    expect(ok('http://127.0.0.1.example.com/x')).toBe(false);
    expect(ok('http://10.0.0.5/x')).toBe(false);
    expect(ok('https://user:secret@hooks.example.gov.cn/x')).toBe(false);
    expect(ok('javascript:alert(1)')).toBe(false);
  });
});
