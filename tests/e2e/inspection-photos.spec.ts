import { expect, test } from '@playwright/test';
import { signedInPage } from './support/sign-in';
import sharp from 'sharp';

// Uses the demo inspector `inspector` and leader `leader` of qiongshan on the shared app; its
// report is found by a summary no other spec writes.
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/inspection-photos';


test('体验员 attaches photos on the phone; a forged one is refused; the leader sees the resized photo in the work order', async ({ browser }) => {
  const summary = `叫号屏黑屏，群众围在导办台询问（${Date.now().toString(36)}）`;
  const camera = await sharp({ create: { width: 4032, height: 3024, channels: 3, background: '#2f6db5' } })
    .composite([{ input: Buffer.from('<svg width="4032" height="3024"><circle cx="2016" cy="1512" r="900" fill="#e4572e"/></svg>') }])
    .jpeg({ quality: 92 })
    .toBuffer();

  const phone = await signedInPage(browser, '/inspect', 'inspector', { width: 390, height: 844 });
  await expect(phone.getByTestId('inspect-page')).toBeVisible();
  await phone.getByTestId('inspect-service').selectOption({ label: '企业开办' });
  for (const key of ['efficiency', 'serviceLevel', 'attitude', 'environment', 'guidance']) await phone.getByTestId(`score-${key}-2`).click();
  await phone.getByTestId('inspect-problem-0').fill('叫号屏故障无人处理');
  await phone.getByTestId('inspect-summary').fill(summary);

  const input = phone.getByTestId('inspect-photo-input');
  await expect(input).toHaveAttribute('accept', 'image/*');
  await expect(input).toHaveAttribute('capture', 'environment');
  // A document is refused on the phone before any upload.
  await input.setInputFiles({ name: '说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
  await expect(phone.getByTestId('inspect-photo-problem')).toContainText('不是照片');
  // A camera photo, and a file that claims to be a JPEG but is not: the server refuses that one.
  await input.setInputFiles([
    { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: camera },
    { name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html><script>alert(1)</script></html>') },
  ]);
  await expect(phone.getByTestId('inspect-photo-picked')).toHaveCount(2);
  await phone.screenshot({ path: `${shots}/inspect-photos-390x844.png`, fullPage: true });
  await phone.getByTestId('inspect-submit').click();
  await expect(phone.getByTestId('inspect-done')).toHaveText('报告已提交，发现的问题已生成整改工单');
  await expect(phone.getByTestId('inspect-error')).toContainText('有 1 张照片未能上传：文件不是照片');
  const mine = phone.getByTestId('inspect-report').filter({ hasText: summary });
  await expect(mine.getByTestId('inspect-report-photo')).toHaveCount(1);
  await mine.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${shots}/inspect-filed-390x844.png`, fullPage: true });

  const leader = await signedInPage(browser, '/leader/rectification', 'leader', { width: 1440, height: 900 });
  const card = leader.getByTestId('rect-order').filter({ hasText: summary });
  const photo = card.getByTestId('rect-photo').locator('img');
  await expect(photo).toHaveCount(1);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 1600, 1200]);
  const src = await photo.getAttribute('src');
  const served = await leader.request.get(src ?? '');
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('image/jpeg');
  expect(served.headers()['x-content-type-options']).toBe('nosniff');
  expect((await served.body()).length).toBeLessThan(camera.length);
  await card.scrollIntoViewIfNeeded();
  await leader.screenshot({ path: `${shots}/work-order-photos-1440x900.png` });

  // Without a session the photo is not served.
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(new URL(src ?? '', leader.url()).toString())).status()).toBe(401);
  await Promise.all([anonymous.close(), leader.context().close(), phone.context().close()]);
});
