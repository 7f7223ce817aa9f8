/** The layout of the one ignored folder that holds all of the local stack's state. */
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/project-root.js';

/** The checkout (platform/project-root.ts), re-exported for the stack's and the tests' use. */
export { PROJECT_ROOT };

export function stackPaths(root = process.env.STACK_DIR ?? path.join(PROJECT_ROOT, '.stack')) {
  const dist = process.env.STACK_DOWNLOADS_DIR ?? path.join(root, 'dist');
  return {
    root,
    /**
     * Downloaded and unpacked artifacts: kept by `stack:down --purge`, so a purge re-downloads
     * nothing. STACK_DOWNLOADS_DIR lets a second stack (the three-broker tests') share them.
     */
    dist,
    kafkaLibs: path.join(dist, 'kafka-libs'),
    connectPlugins: path.join(dist, 'connect-plugins'),
    registryApp: path.join(dist, 'apicurio', 'quarkus-run.jar'),
    pomStamp: path.join(dist, '.pom.sha256'),
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
