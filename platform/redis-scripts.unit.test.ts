/**
 * The script helper through a fake client: the file's text defined once under the script's
 * name, and each call sent as ioredis's command with no fixed key count expects it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { defineScript } from './redis-scripts.js';

function fakeRedis() {
  const defined: unknown[][] = [];
  const sent: unknown[][] = [];
  const redis = {
    defineCommand(name: string, definition: unknown) {
      defined.push([name, definition]);
      (redis as Record<string, unknown>)[name] = (...args: unknown[]) => {
        sent.push(args);
        return Promise.resolve('answer');
      };
    },
  };
  return { redis: redis as unknown as Redis, defined, sent };
}

const luaFile = (text: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lua-')), 'script.lua');
  writeFileSync(file, text);
  return pathToFileURL(file);
};

describe('defineScript', () => {
  it("defines the file's text once, then calls it with the key count, the keys, the arguments", async () => {
    const { redis, defined, sent } = fakeRedis();
    const run = defineScript(redis, { name: 'testScript', file: luaFile('return KEYS[1]') });
    expect(defined).toEqual([['testScript', { lua: 'return KEYS[1]' }]]);
    expect(await run({ keys: ['k1', 'k2'], args: ['a', 3] })).toBe('answer');
    expect(await run({ keys: [], args: [] })).toBe('answer');
    expect(sent).toEqual([[2, 'k1', 'k2', 'a', 3], [0]]);
    expect(defined).toHaveLength(1);
  });

  it('fails at once when the file is missing (a build without its .lua files)', () => {
    const missing = new URL('./no-such-script.lua', import.meta.url);
    expect(() => defineScript(fakeRedis().redis, { name: 'x', file: missing })).toThrow(/ENOENT/);
  });
});
