/** Where the connector configs are: in the project, also when run from dist/ (platform/project-root.ts). */
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/project-root.js';

/** The Debezium outbox connector's config, applied by `npm start` and the watchdog. */
export const OUTBOX_CONNECTOR_FILE = path.join(PROJECT_ROOT, 'connect', 'auction-outbox.json');
