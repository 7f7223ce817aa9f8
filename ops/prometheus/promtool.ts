/**
 * `npm run promtool -- <args>`: promtool (fetched on first use, see stack/promtool.ts) with the
 * given arguments, e.g. `npm run promtool -- test rules ops/prometheus/alerts.test.yml`.
 */
import { spawnSync } from 'node:child_process';
import { ensurePromtool } from '../../stack/promtool.js';

try {
  const promtool = ensurePromtool((line) => console.error(line));
  const result = spawnSync(promtool, process.argv.slice(2), { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
}
