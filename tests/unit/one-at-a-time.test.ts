import { describe, expect, it } from 'vitest';
import { createOneAtATime } from '../../server/services/one-at-a-time';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createOneAtATime', () => {
  it('runs the tasks of one key one at a time, in arrival order; other keys run alongside', async () => {
    const run = createOneAtATime();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string, ms: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const a = [run('a', task('a1', 20)), run('a', task('a2', 1)), run('a', task('a3', 5))];
    const b = run('b', task('b1', 1));
    expect(await Promise.all(a)).toEqual(['a1', 'a2', 'a3']);
    expect(await b).toBe('b1');
    const ofA = log.filter((l) => l.includes(' a'));
    expect(ofA).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    // b did not wait for a1.
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
    expect(most).toBe(2);
  });

  it('a failing task passes its error to its caller and does not stop the next', async () => {
    const run = createOneAtATime();
    const failed = run('k', async () => {
      await tick(2);
      throw new Error('refused');
    });
    const next = run('k', () => Promise.resolve('served'));
    await expect(failed).rejects.toThrow('refused');
    expect(await next).toBe('served');
  });
});
