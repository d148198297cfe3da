import { describe, expect, it } from 'vitest';
import { percentEncode, rpcSignature, rpcTimestamp, stringToSign } from '../../server/services/outbox/aliyun-signature';
import { expectedSignature } from '../support/aliyun-sms-provider';

/** The worked example of Alibaba Cloud's "Signature mechanism" page (RPC, HMAC-SHA1). */
const documented = {
  params: {
    TimeStamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  },
  secret: 'testsecret',
  stringToSign:
    'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
    '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
    '%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
  signature: 'CT9X0VtwR86fNWSnsc6v8YGOjuE=',
};

describe('Alibaba Cloud RPC signature', () => {
  it('reproduces the documented string to sign and signature', () => {
    expect(stringToSign('GET', documented.params)).toBe(documented.stringToSign);
    expect(rpcSignature('GET', documented.params, documented.secret)).toBe(documented.signature);
  });

  it('agrees with the test provider’s independent check, on the example and on Chinese text', () => {
    expect(expectedSignature('GET', new Map(Object.entries(documented.params)), documented.secret)).toBe(documented.signature);
    const params = { SignName: '琼山政务服务', TemplateParam: '{"number":"A023","counter":"3"}', Note: "a b*c~d!'()" };
    expect(rpcSignature('POST', params, 'k')).toBe(expectedSignature('POST', new Map(Object.entries(params)), 'k'));
  });

  it('encodes as RFC 3986: space as %20, * and ! encoded, ~ kept', () => {
    expect(percentEncode("a b*~!'()")).toBe('a%20b%2A~%21%27%28%29');
    expect(percentEncode('号')).toBe('%E5%8F%B7');
  });

  it('stamps UTC without milliseconds', () => {
    expect(rpcTimestamp(new Date('2026-12-07T20:53:48.123Z'))).toBe('2026-12-07T20:53:48Z');
  });
});
