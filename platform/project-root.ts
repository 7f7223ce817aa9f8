/**
 * The checkout (or the image's /app): the nearest folder above this file that holds
 * package.json. The same from the TypeScript (`platform/`) and from the build
 * (`dist/platform/`), so the files the services read at run time (schemas, migrations,
 * connector configs, the web page) are found in the project, next to the build, and the build
 * carries no copies. Each folder that holds such files says where they are from here
 * (schemas/location.ts, connect/location.ts, migrations/location.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
