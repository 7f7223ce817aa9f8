/**
 * The README's curl examples (its `curl-examples` section) work, and work again: run twice with
 * bash against a gateway of this checkout, every answer they get is 2xx. A second run needs new
 * item ids and Idempotency-Keys (an item has one open auction per seller; a key, one request).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../stack/paths.js';
import { startPipeline, type Pipeline } from './services.js';

const run = promisify(execFile);

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await startPipeline();
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

/** The shell block between the README's curl-examples markers. */
async function curlExamples(): Promise<string> {
  const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section =
    /<!-- curl-examples\b[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/curl-examples -->/.exec(readme);
  if (!section) throw new Error('README.md has no curl-examples section');
  return section[1]!;
}

/**
 * Runs `script` with bash, each curl writing its answer's status to stderr (`HTTP 201`), and
 * returns those statuses. The script's own output is the answers' bodies.
 */
async function runWithStatuses(script: string): Promise<{ statuses: number[]; stdout: string }> {
  const wrapped = [
    'set -euo pipefail',
    'curl() { command curl -w \'%{stderr}HTTP %{http_code}\\n\' "$@"; }',
    script,
  ].join('\n');
  const { stdout, stderr } = await run('bash', ['-c', wrapped], {
    cwd: PROJECT_ROOT,
    env: { ...process.env },
    timeout: 60_000,
  });
  const statuses = [...stderr.matchAll(/^HTTP (\d{3})$/gm)].map(([, status]) => Number(status));
  return { statuses, stdout };
}

describe("the README's curl examples", () => {
  it('answer 2xx to every request, run twice', async () => {
    const examples = await curlExamples();
    const requests = examples.match(/\bcurl -s\b/g)?.length ?? 0;
    const { host } = new URL(pipeline.gatewayUrl);
    const script = examples.replaceAll('localhost:8080', host);

    expect(requests).toBeGreaterThanOrEqual(2);
    for (const time of ['first', 'second']) {
      const { statuses, stdout } = await runWithStatuses(script);
      expect(statuses.length, `${time} run: ${stdout}`).toBe(requests);
      for (const status of statuses) {
        expect(status, `${time} run: ${stdout}`).toBeGreaterThanOrEqual(200);
        expect(status, `${time} run: ${stdout}`).toBeLessThan(300);
      }
    }
  }, 120_000);
});
