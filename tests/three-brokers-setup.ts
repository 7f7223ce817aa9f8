/**
 * Global set-up of the three-broker tier: brings up the three-node stack of
 * tests/three-brokers-env.ts once (installing what is missing), applies migrations, schemas and
 * the connector, and stops it at the end if it started it here.
 */
import { THREE_BROKERS_ENV } from './three-brokers-env.js';

export default async function setup() {
  Object.assign(process.env, THREE_BROKERS_ENV);
  // Imported after the environment is set: the stack's modules read it when they load.
  const { prepareSystem } = await import('../scripts/prepare-system.js');
  const { stackDown } = await import('../stack/down.js');
  const log = (line: string) => console.log(`[three brokers] ${line}`);
  const results = await prepareSystem(log);
  const startedHere = results.some((r) => r.started);
  return async () => {
    if (startedHere && process.env.KEEP_STACK !== '1') await stackDown({ purge: false }, log);
  };
}
