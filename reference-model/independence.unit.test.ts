/** The oracle must share no code with what it checks (GUIDE §3, habit 14). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

it('the reference model imports nothing from processors/, gateway/ or any other project folder (Node’s own modules only)', async () => {
  const sources = (await readdir(here)).filter((f) => f.endsWith('.ts') && !f.includes('.test.'));
  expect(sources.length).toBeGreaterThan(0);
  for (const file of sources) {
    const text = await readFile(path.join(here, file), 'utf8');
    const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(
      imports.filter((i) => !i!.startsWith('./') && !i!.startsWith('node:')),
      file,
    ).toEqual([]);
  }
});
