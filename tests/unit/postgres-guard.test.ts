import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../server/postgres-guard-hook.mjs';

// The ES module build, which db/client.ts imports.
const connectionFile = path.resolve('node_modules/postgres/src/connection.js');

describe('postgres.js guard hook', () => {
  it('guards the installed driver against writing to a closed socket', async () => {
    const url = pathToFileURL(connectionFile).href;
    const original = await readFile(connectionFile);
    const loaded = await load(url, {}, () => Promise.resolve({ format: 'module', source: original }));
    const source = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8');
    // If this fails after an upgrade, check whether the new version fixed porsager/postgres#1154.
    expect(source).toContain('if (!socket) { nextWriteTimer = chunk = null; return false }\n    const x = socket.write(chunk, fn)');
  });

  it('leaves every other module as it was', async () => {
    const source = 'export const x = socket.write(chunk, fn)';
    const loaded = await load('file:///elsewhere/connection.js', {}, () => Promise.resolve({ format: 'module', source }));
    expect(loaded.source).toBe(source);
  });
});
