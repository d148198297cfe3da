import { type APIRequestContext, expect, request, test } from '@playwright/test';
import { type SmsProvider, startSmsProvider } from '../support/aliyun-sms-provider';
import { AppProcess } from './support/app-process';

/*
 * 无声叫号 through the real process: server/main.ts reads ALIYUN_SMS_* and runs the outbox
 * worker. An admin switches the setting on, a citizen takes a number with a phone, the
 * counter calls it, and the local provider (which checks the signature) receives one SMS.
 */

const account = { accessKeyId: 'LTAI-e2e', accessKeySecret: 'e2e-secret' };
const template = 'SMS_471230009';

let app: AppProcess;
let provider: SmsProvider;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  provider = await startSmsProvider(account);
  app = await AppProcess.create({
    env: {
      ALIYUN_SMS_ACCESS_KEY_ID: account.accessKeyId,
      ALIYUN_SMS_ACCESS_KEY_SECRET: account.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: '琼山政务服务',
      ALIYUN_SMS_TEMPLATE_CALLED: template,
      ALIYUN_SMS_ENDPOINT: provider.endpoint,
      DEMO_TRAFFIC: '0',
    },
  });
  await app.start();
});

test.afterAll(async () => {
  await app?.dispose();
  await provider?.close();
});

async function signedIn(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: app.url, extraHTTPHeaders: { origin: app.url } });
  expect((await api.post('/api/v1/auth/login', { data: { username, password: 'demo1234' } })).status()).toBe(200);
  return api;
}

test('a called citizen who left a phone gets one SMS "请到 N 号窗口" once the hall turns it on', async ({ page }) => {
  // Before: the phone field promises no text message.
  await page.goto(`${app.url}/h/qiongshan`);
  await expect(page.locator('#take-phone-hint')).toContainText('目前不发短信');
  const admin = await signedIn('admin');
  const patched = await admin.patch('/api/v1/admin/halls/qiongshan/settings', { data: { smsOnCall: true } });
  expect(patched.status()).toBe(200);
  expect(((await patched.json()) as { settings: { smsOnCall: boolean } }).settings.smsOnCall).toBe(true);
  // After: it says what will be sent.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${app.url}/h/qiongshan`);
  await expect(page.locator('#take-phone-hint')).toContainText('叫到您时会收到“请到 N 号窗口”短信');
  await page.getByTestId('service-A').click();
  await expect(page.getByTestId('take-sheet')).toBeVisible();
  await page.screenshot({ path: 'test-results/sms-on-call/take-sheet-texts-390x844.png' });

  const citizen = await request.newContext({ baseURL: app.url });
  const hall = (await (await citizen.get('/api/v1/halls/qiongshan')).json()) as {
    services: Array<{ id: string }>;
    counters: Array<{ id: string; number: number }>;
  };
  // A number with a phone in every service, so counter 1's next call is one of them.
  const phones = new Map<string, string>();
  for (const [i, service] of hall.services.entries()) {
    const phone = `1390000${String(1000 + i)}`;
    const issued = await citizen.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: service.id, phone } });
    if (issued.status() !== 201) continue;
    phones.set(((await issued.json()) as { ticket: { number: string } }).ticket.number, phone);
  }
  const counter = hall.counters.find((c) => c.number === 1);
  expect(counter).toBeDefined();

  const staff = await signedIn('c01');
  const call = await staff.post(`/api/v1/counters/${counter?.id}/call-next`, { data: {} });
  expect(call.status()).toBe(200);
  const number = ((await call.json()) as { ticket: { number: string } | null }).ticket?.number ?? '';
  expect(phones.has(number)).toBe(true);

  await expect.poll(() => provider.accepted.length, { timeout: 15_000 }).toBe(1);
  expect(provider.refused).toEqual([]);
  expect(provider.accepted[0]).toMatchObject({
    phoneNumbers: phones.get(number),
    signName: '琼山政务服务',
    templateCode: template,
    templateParam: { number, counter: '1' },
  });
  await Promise.all([admin.dispose(), citizen.dispose(), staff.dispose()]);
});
