/**
 * Runs tasks one at a time per key, in the order they arrive (first in, first out), within
 * this process.
 *
 * 取号 uses it per service: every number of a service bumps the same daily counter row, and
 * PostgreSQL does not queue the transactions waiting on a row fairly. Under a burst (64
 * parallel 取号 on a loaded two-core box) an unlucky one was overtaken again and again until
 * its 30 s statement timeout refused a citizen's number. Queued here instead, each waits its
 * turn without holding a pooled connection, and the row sees one writer of this process at a
 * time. Other processes still meet at the row lock, which keeps numbers gapless across them.
 */
export function createOneAtATime() {
  const tails = new Map<string, Promise<unknown>>();
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = tails.get(key) ?? Promise.resolve();
    const mine = before.then(task, task);
    // The next task waits for this one to settle, whether it succeeded or not.
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
