import { expect, test } from '@playwright/test';
import { createServices } from '../../server/services';
import { CounterDesk, HallApi, HallTv, demoPassword, expectedAnnouncement } from './pages/display';
import { AppProcess } from './support/app-process';
import { installSpeechStub, withoutOverlap } from './support/speech-stub';

/*
 * A server restart under a live TV, on a process and database of this test's own: the
 * shared server must not go down under the other specs.
 */

const hall = 'qiongshan';

declare global {
  interface Window {
    __samePage?: string;
  }
}

test('the server restarts: the badge shows at once, then the database truth without reload, and no old call is spoken again', async ({
  browser,
  playwright,
}) => {
  test.setTimeout(240_000);
  const app = await AppProcess.create();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    await app.start();
    await installSpeechStub(context);
    const tv = new HallTv(await context.newPage());
    await tv.open(hall, app.url);

    // A call before the restart, announced once.
    const two = await CounterDesk.signIn(playwright, app.url, 'c02');
    await new HallApi(two.api, hall).take('D');
    const before = await two.callNext();
    await tv.expectLatestCall(before, 2);
    const spokenBefore = expectedAnnouncement(before, 2);
    await expect.poll(() => tv.spokenTexts()).toEqual([spokenBefore, spokenBefore]);
    await tv.page.evaluate(() => {
      window.__samePage = 'never reloaded';
    });

    // Down: the link closes and the screen says so within 2 s, keeping what it showed.
    const stopping = app.stop();
    const stoppedAt = Date.now();
    await expect(tv.offline).toBeVisible({ timeout: 2_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    await expect(tv.offline).toContainText('正在重新连接');
    await expect(tv.latestNumber).toHaveText(before);
    await stopping;

    // While it is down, the hall moves on in the database: a call made two minutes ago
    // (it must show, but it is too old to announce) and a counter paused just now.
    const missed = await app.withDatabase(async (db) => {
      const now = createServices({ db, clock: { now: () => new Date() } });
      const twoMinutesAgo = createServices({ db, clock: { now: () => new Date(Date.now() - 120_000) } });
      const actorOf = async (username: string) => {
        const login = await now.auth.login(username, demoPassword);
        if (!login.ok) throw new Error(login.error.message);
        const actor = await now.auth.authenticate(login.data.sessionId);
        if (!actor?.counterId) throw new Error(`${username} has no counter`);
        return { actor, counterId: actor.counterId };
      };
      const three = await actorOf('c03');
      const four = await actorOf('c04');
      const detail = await now.halls.detail(hall);
      const serviceE = detail.ok ? detail.data.services.find((s) => s.prefix === 'E') : undefined;
      if (!serviceE) throw new Error('no service E');
      const issued = await twoMinutesAgo.tickets.issue(hall, { serviceId: serviceE.id });
      if (!issued.ok) throw new Error(issued.error.message);
      const called = await twoMinutesAgo.counters.callNext(three.actor, three.counterId);
      if (!called.ok || !called.data.ticket) throw new Error('the call while down failed');
      const paused = await now.counters.pause(four.actor, four.counterId, '系统维护');
      if (!paused.ok) throw new Error(paused.error.message);
      return called.data.ticket.number;
    });

    // Back: the badge goes, the screen shows the database's state, the page was not reloaded.
    await app.start();
    await expect(tv.offline).toBeHidden({ timeout: 30_000 });
    await tv.expectLatestCall(missed, 3);
    await expect(tv.counter(3)).toContainText(missed);
    await expect(tv.counter(4)).toHaveAttribute('data-state', 'paused');
    await expect(tv.counter(4)).toContainText('系统维护');
    expect(await tv.page.evaluate(() => window.__samePage)).toBe('never reloaded');

    // Neither the call from before the restart nor the two-minute-old one is spoken.
    await tv.page.waitForTimeout(3_000);
    expect(await tv.spokenTexts()).toEqual([spokenBefore, spokenBefore]);

    // The voice goes on: a call right after the return is announced, once.
    await two.ready();
    await new HallApi(two.api, hall).take('D');
    const after = await two.callNext();
    await tv.expectLatestCall(after, 2, 1_000);
    const spokenAfter = expectedAnnouncement(after, 2);
    await expect.poll(() => tv.spokenTexts()).toEqual([spokenBefore, spokenBefore, spokenAfter, spokenAfter]);
    expect(withoutOverlap(await tv.spoken())).toBe(true);
    await two.dispose();
  } catch (error) {
    console.error(app.log());
    throw error;
  } finally {
    await context.close();
    await app.dispose();
  }
});
