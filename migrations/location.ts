/** Where the numbered .sql files are: in the project, also when run from dist/ (platform/project-root.ts). */
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/project-root.js';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');
