import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, generatedFile, GROUPS } from './generate.js';

describe('contracts/generated', () => {
  for (const group of GROUPS) {
    it(`${group.folder}.ts is what schemas/${group.folder} gives`, async () => {
      const committed = await readFile(generatedFile(group), 'utf8');
      expect(
        committed === (await generate(group)),
        `contracts/generated/${group.folder}.ts is stale: run \`npm run contracts:generate\``,
      ).toBe(true);
    });
  }
});
