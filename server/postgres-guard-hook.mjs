// A module-loader hook (registered by server/postgres-guard.ts) that mends one known fault of
// postgres.js 3.4.x (porsager/postgres#1154, #1208; fix proposed in #1168, not released in 3.4.10):
// a small write scheduled with setImmediate can run after the connection closed and set its
// socket to null. `socket.write` then throws from the immediate, an uncaught TypeError that no
// caller can catch, and the connection keeps its stale buffer and timer, so it never connects
// again. The guard drops the write (the query it belonged to has already failed with the close)
// and clears the buffer, exactly as the proposed fix does.
const target = /\/node_modules\/postgres\/src\/connection\.js$/;
const faulty = '    const x = socket.write(chunk, fn)';
const guarded = '    if (!socket) { nextWriteTimer = chunk = null; return false }\n' + faulty;

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!target.test(url)) return loaded;
  const source = String(loaded.source);
  if (!source.includes(faulty)) return loaded;
  return { ...loaded, source: source.replace(faulty, guarded) };
}
