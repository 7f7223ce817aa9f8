/**
 * The build's second step (`npm run build`, after tsc): copies the project's .lua files into
 * dist/ at the same paths, so each sits beside the compiled module that reads it
 * (platform/redis-scripts.ts). tsc emits only what it compiles.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/project-root.js';

/** Not sources: dependencies, the build itself, and hidden folders (.stack, .git). */
const NOT_SOURCES = new Set(['node_modules', 'dist']);

/** The source files under `root` whose names end with `ending`, relative to it. */
export function sourceFiles(root: string, ending: string, folder = ''): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory())
      return entry.name.startsWith('.') || NOT_SOURCES.has(entry.name)
        ? []
        : sourceFiles(root, ending, file);
    return entry.isFile() && entry.name.endsWith(ending) ? [file] : [];
  });
}

/** Copies every .lua file under `root` to the same path under `outDir`; returns them. */
export function copyLuaFiles(root: string, outDir: string): string[] {
  const files = sourceFiles(root, '.lua');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(outDir, file));
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const copied = copyLuaFiles(PROJECT_ROOT, path.join(PROJECT_ROOT, 'dist'));
  console.log(`copied ${copied.length} .lua files into dist/`);
}
