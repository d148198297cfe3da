import { describe, expect, it } from 'vitest';
import { createDbHealth } from '../../server/http/busy-page';

/** A ping whose answer the test sets, counting how often it is asked. */
function fakeDatabase() {
  const db = { up: true, pings: 0 };
  const ping = () => {
    db.pings += 1;
    return db.up ? Promise.resolve() : Promise.reject(new Error('connection refused'));
  };
  return { db, ping };
}

describe('the database health behind the busy page', () => {
  it('keeps a success for a second, so a burst of pages costs one ping', async () => {
    const { db, ping } = fakeDatabase();
    let clock = 0;
    const health = createDbHealth(ping, () => clock);
    expect(await health.ready()).toBe(true);
    clock = 500;
    expect(await health.ready()).toBe(true);
    expect(db.pings).toBe(1);
    clock = 1_500;
    expect(await health.ready()).toBe(true);
    expect(db.pings).toBe(2);
  });

  it('asks again after a failure, so pages serve as soon as the database is back', async () => {
    const { db, ping } = fakeDatabase();
    let clock = 0;
    const health = createDbHealth(ping, () => clock);
    db.up = false;
    expect(await health.probe()).toBe(false);
    db.up = true;
    clock = 100;
    expect(await health.ready()).toBe(true);
    expect(db.pings).toBe(2);
  });

  it('asks once for all callers while a ping is on its way', async () => {
    const { db, ping } = fakeDatabase();
    const health = createDbHealth(ping, () => 0);
    db.up = false;
    expect(await Promise.all([health.ready(), health.ready(), health.probe()])).toEqual([false, false, false]);
    expect(db.pings).toBe(1);
  });
});
