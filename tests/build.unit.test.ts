/**
 * `npm run build` (tsconfig.build.json, then scripts/copy-lua.ts) covers every process the
 * project runs and puts the Lua scripts its modules read beside them in dist/, and the Dockerfile
 * ships what those processes read at run time. (The build itself takes longer than a unit test
 * may: this reads the configuration as tsc does, without compiling.)
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { copyLuaFiles, sourceFiles } from '../scripts/copy-lua.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { BUILD_DIR, compiledEntry, localServices } from '../stack/services.js';

const configFile = path.join(PROJECT_ROOT, 'tsconfig.build.json');
const { config } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file)) as {
  config: unknown;
};
const build = ts.parseJsonConfigFileContent(config, ts.sys, PROJECT_ROOT, undefined, configFile);
/** The files tsc starts from (it compiles what they import, too), relative to the project. */
const roots = build.fileNames.map((file) => path.relative(PROJECT_ROOT, file));
const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

/** Every process that runs outside development: npm start's services and the tools beside them. */
const ENTRIES = [
  ...localServices({}).map((s) => s.entry),
  'scripts/start.ts',
  'scripts/setup.ts',
  'scripts/prepare.ts',
  'scripts/token.ts',
  'sinks/rebuild.ts',
  'audit/cli.ts',
];

/** Tests, their helpers, load and benchmark tools: never in the build. */
const TOOLING = /(^|\/)(tests|perf)\/|\.test\.ts$/;

describe('npm run build', () => {
  it('is tsc with tsconfig.build.json, then the copy of the .lua files', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.build).toBe('tsc -p tsconfig.build.json && tsx scripts/copy-lua.ts');
  });

  it('puts every .lua file a compiled module names beside that module', () => {
    // The .lua files the modules name relative to themselves (platform/redis-scripts.ts).
    const modules = sourceFiles(PROJECT_ROOT, '.ts').filter((file) => !TOOLING.test(file));
    const named = modules.flatMap((file) =>
      [...read(file).matchAll(/new URL\('(\.\/[^']+\.lua)', import\.meta\.url\)/g)].map((m) =>
        path.join(path.dirname(file), m[1]!),
      ),
    );
    expect(named).toContain(path.join('sinks', 'leaderboard', 'apply-batch.lua'));
    const out = mkdtempSync(path.join(tmpdir(), 'build-'));
    copyLuaFiles(PROJECT_ROOT, out);
    expect(named.filter((file) => !existsSync(path.join(out, file)))).toEqual([]);
  });

  it('emits into dist/, which git ignores', () => {
    expect(build.errors).toEqual([]);
    expect(build.options.noEmit).toBe(false);
    expect(build.options.outDir).toBe(BUILD_DIR);
    expect(build.options.rootDir).toBe(PROJECT_ROOT);
    expect(read('.gitignore').split('\n')).toContain('dist/');
  });

  it.each(ENTRIES)('compiles %s', (entry) => {
    expect(roots).toContain(entry);
  });

  it('starts from no test, test helper, load or benchmark tool', () => {
    expect(roots.filter((file) => TOOLING.test(file))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const copied = [...dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)].map((m) => m[1]);

  it('builds with npm run build and runs on Node 20 in production mode', () => {
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images.filter((image) => !image?.startsWith('node:20'))).toEqual([]);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
  });

  // What the services read from the project at run time (platform/project-root.ts, PROJECT_ROOT).
  it.each(['package.json', 'schemas', 'migrations', 'connect', 'gateway/web'])(
    'puts %s into the image',
    (source) => {
      expect(copied.some((c) => c === source || c?.startsWith(`${source}/`))).toBe(true);
    },
  );

  it('runs a compiled entry point by default', () => {
    const command = /^CMD \["node", "dist\/(\S+)"\]$/m.exec(dockerfile)?.[1];
    expect(ENTRIES.map(compiledEntry)).toContain(command);
  });
});
