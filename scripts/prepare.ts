/** `npm run prepare:system`: brings up the stack and applies migrations, schemas and the connector. */
import { prepareSystem } from './prepare-system.js';

prepareSystem().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
