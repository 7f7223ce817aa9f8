/** The layout of the one ignored folder that holds all of the local stack's state. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The checkout (or the image's /app): the nearest folder above this file that holds
 * package.json. The same from the TypeScript (`stack/`) and from the build (`dist/stack/`), so
 * the files the services read at run time (schemas, migrations, connector configs, the web page)
 * are found in the project, next to the build, and the build carries no copies.
 */
export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export function stackPaths(root = process.env.STACK_DIR ?? path.join(PROJECT_ROOT, '.stack')) {
  return {
    root,
    /** Downloaded and unpacked artifacts: kept by `stack:down --purge`, so a purge re-downloads nothing. */
    dist: path.join(root, 'dist'),
    kafkaLibs: path.join(root, 'dist', 'kafka-libs'),
    connectPlugins: path.join(root, 'dist', 'connect-plugins'),
    registryApp: path.join(root, 'dist', 'apicurio', 'quarkus-run.jar'),
    pomStamp: path.join(root, 'dist', '.pom.sha256'),
    /** Component data (databases, logs of Kafka, append-only files). */
    data: (component: string) => path.join(root, 'data', component),
    /** Generated configuration files. */
    config: (file: string) => path.join(root, 'config', file),
    logs: path.join(root, 'logs'),
    log: (component: string) => path.join(root, 'logs', `${component}.log`),
    run: path.join(root, 'run'),
    pid: (component: string) => path.join(root, 'run', `${component}.pid`),
    /** The state files `npm start`'s supervisor keeps, one per service (their logs: `log`). */
    services: path.join(root, 'run', 'services'),
  };
}

export type StackPaths = ReturnType<typeof stackPaths>;
