import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../server/env';
import { aliyunSmsConfigOf } from '../../server/services/outbox';

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

describe('the environment', () => {
  it('reads an empty DATABASE_URL as not set: the embedded database, in demo mode', () => {
    const parsed = parseEnv(env({ DATABASE_URL: '' }));
    expect(parsed.DATABASE_URL).toBeUndefined();
    expect(parsed.demo).toBe(true);
    expect(parseEnv(env({})).DATABASE_URL).toBeUndefined();
  });

  it('reads an empty REDIS_URL or PUBLIC_URL as not set too, and still checks a value', () => {
    const parsed = parseEnv(env({ REDIS_URL: '', PUBLIC_URL: '' }));
    expect(parsed.REDIS_URL).toBeUndefined();
    expect(parsed.PUBLIC_URL).toBeUndefined();
    expect(() => parseEnv(env({ REDIS_URL: 'http://cache:6379' }))).toThrow(/REDIS_URL: must be a redis:\/\/ URL/);
    expect(() => parseEnv(env({ PUBLIC_URL: 'not a url' }))).toThrow(/PUBLIC_URL/);
  });

  it('keeps a postgres URL, with demo mode off unless asked for', () => {
    const parsed = parseEnv(env({ DATABASE_URL: 'postgres://hb@db:5432/hallboard' }));
    expect(parsed.DATABASE_URL).toBe('postgres://hb@db:5432/hallboard');
    expect(parsed.demo).toBe(false);
    expect(parseEnv(env({ DATABASE_URL: 'postgresql://hb@db/hallboard', DEMO_MODE: '1' })).demo).toBe(true);
  });

  it('stops on a DATABASE_URL that is not postgres, naming it', () => {
    expect(() => parseEnv(env({ DATABASE_URL: 'mysql://hb@db/hallboard' }))).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => parseEnv(env({ DATABASE_URL: ' ' }))).toThrow(/DATABASE_URL/);
  });

  it('checks LOG_LEVEL against the known levels', () => {
    expect(parseEnv(env({})).LOG_LEVEL).toBe('info');
    expect(parseEnv(env({ LOG_LEVEL: 'debug' })).LOG_LEVEL).toBe('debug');
    expect(() => parseEnv(env({ LOG_LEVEL: 'loud' }))).toThrow(/LOG_LEVEL/);
  });

  it('sends Secure session cookies on a real server unless plain HTTP is what the operator chose', () => {
    const pg = 'postgres://hb@db:5432/hallboard';
    expect(parseEnv(env({ DATABASE_URL: pg })).secureCookies).toBe(true);
    expect(parseEnv(env({ DATABASE_URL: pg, PUBLIC_URL: 'https://hall.example.gov.cn' })).secureCookies).toBe(true);
    expect(parseEnv(env({ DATABASE_URL: pg, PUBLIC_URL: 'http://10.0.0.5:3000' })).secureCookies).toBe(false);
    expect(parseEnv(env({ DATABASE_URL: pg, HOST: '127.0.0.1' })).secureCookies).toBe(false);
    expect(parseEnv(env({ DATABASE_URL: pg, SECURE_COOKIES: 'off' })).secureCookies).toBe(false);
    expect(parseEnv(env({ DATABASE_URL: pg, HOST: '127.0.0.1', SECURE_COOKIES: 'on' })).secureCookies).toBe(true);
    // The demo on one's own machine (npm start) signs in over http://localhost.
    expect(parseEnv(env({})).secureCookies).toBe(false);
  });

  it('takes the Alibaba Cloud SMS account whole or not at all, with the vendor endpoint by default', () => {
    expect(aliyunSmsConfigOf(parseEnv(env({})))).toBeNull();
    expect(() => parseEnv(env({ ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI5t', ALIYUN_SMS_SIGN_NAME: '琼山政务服务' }))).toThrow(/set all three or none/);
    const sms = aliyunSmsConfigOf(
      parseEnv(env({
        ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI5t',
        ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
        ALIYUN_SMS_SIGN_NAME: '琼山政务服务',
        ALIYUN_SMS_TEMPLATE_CALLED: 'SMS_471230001',
        ALIYUN_SMS_TEMPLATE_NO_SHOW: 'SMS_471230003',
        ALIYUN_SMS_TEMPLATE_RATING_ANSWER: '',
      })),
    );
    expect(sms).toEqual({
      endpoint: 'https://dysmsapi.aliyuncs.com/',
      accessKeyId: 'LTAI5t',
      accessKeySecret: 'secret',
      signName: '琼山政务服务',
      // Only the kinds whose template is set: an empty variable is unset.
      templates: { 'ticket.called': 'SMS_471230001', 'ticket.no_show': 'SMS_471230003' },
    });
    expect(Object.keys(sms?.templates ?? {})).toEqual(['ticket.called', 'ticket.no_show']);
    expect(() => parseEnv(env({ ALIYUN_SMS_ENDPOINT: 'not a url' }))).toThrow(/ALIYUN_SMS_ENDPOINT/);
  });

  it('takes the OpenID provider whole or not at all, over HTTPS unless it is on this machine', () => {
    const oidc = { OIDC_ISSUER: 'https://sso.example.gov.cn/realms/hall', OIDC_CLIENT_ID: 'hallboard', OIDC_CLIENT_SECRET: 'secret' };
    const none = parseEnv(env({}));
    expect(none.OIDC_ISSUER).toBeUndefined();
    expect(none.OIDC_USERNAME_CLAIM).toBe('preferred_username');
    expect(none.OIDC_SCOPE).toBe('openid profile');
    expect(() => parseEnv(env({ OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_CLIENT_ID: 'hallboard' }))).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three or none/);
    const parsed = parseEnv(env({ ...oidc, OIDC_USERNAME_CLAIM: 'employee_no', OIDC_SCOPE: 'openid profile email', OIDC_LABEL: '政务外网统一认证' }));
    expect(parsed).toMatchObject({ ...oidc, OIDC_USERNAME_CLAIM: 'employee_no', OIDC_SCOPE: 'openid profile email', OIDC_LABEL: '政务外网统一认证' });
    expect(() => parseEnv(env({ ...oidc, OIDC_ISSUER: 'http://sso.example.gov.cn' }))).toThrow(/OIDC_ISSUER: must be https/);
    expect(parseEnv(env({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:8080/realms/hall' })).OIDC_ISSUER).toBe('http://127.0.0.1:8080/realms/hall');
    expect(() => parseEnv(env({ ...oidc, OIDC_SCOPE: 'profile' }))).toThrow(/OIDC_SCOPE/);
    expect(() => parseEnv(env({ ...oidc, OIDC_USERNAME_CLAIM: 'a b' }))).toThrow(/OIDC_USERNAME_CLAIM/);
  });
});
