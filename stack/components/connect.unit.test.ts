/** Connect's generated log configuration: quiet at idle, its warnings and errors still logged. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEndpoints } from '../../platform/endpoints.js';
import type { StackContext } from '../component.js';
import type { Toolchain } from '../prerequisites.js';
import { stackPaths } from '../paths.js';
import { connect } from './connect.js';

const root = mkdtempSync(path.join(tmpdir(), 'connect-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The properties Connect's log4j file sets, as written by `prepare`. */
async function preparedLog4j() {
  const paths = stackPaths(root);
  mkdirSync(path.dirname(paths.config('x')), { recursive: true });
  const ctx: StackContext = {
    endpoints: readEndpoints({}),
    paths,
    tools: {} as Toolchain,
    say: () => undefined,
  };
  await connect.prepare(ctx);
  const text = readFileSync(paths.config('connect-log4j.properties'), 'utf8');
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
}

describe('connect.prepare', () => {
  it('logs no access line for the REST calls (the watchdog polls every 2 s) and no thread churn', async () => {
    const log4j = await preparedLog4j();
    expect(log4j.get('log4j.logger.org.apache.kafka.connect.runtime.rest.RestServer')).toBe('WARN');
    expect(log4j.get('log4j.logger.io.debezium.util.Threads')).toBe('WARN');
    // Everything else still logs at INFO.
    expect(log4j.get('log4j.rootLogger')).toBe('INFO, stdout');
  });
});
