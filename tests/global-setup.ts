/**
 * Brings the real stack up once per integration run (downloading and installing whatever is
 * missing) and applies migrations, schemas and the connector. If this run started the stack,
 * it stops it at the end; a stack that was already running is left as it was.
 */
import { prepareSystem } from '../scripts/prepare-system.js';
import { stackDown } from '../stack/down.js';

export default async function setup() {
  const log = (line: string) => console.log(`[stack] ${line}`);
  const results = await prepareSystem(log);
  const startedHere = results.some((r) => r.started);
  return async () => {
    if (startedHere && process.env.KEEP_STACK !== '1') await stackDown({ purge: false }, log);
  };
}
