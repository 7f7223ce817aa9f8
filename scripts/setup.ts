/**
 * `node dist/scripts/setup.js` (docker compose's one-shot `setup` service): the migrations,
 * topics, schemas and connector that `npm start` applies after the stack is up, against the
 * components the environment names; it starts none of them.
 */
import { setUpSystem } from './prepare-system.js';

setUpSystem().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
