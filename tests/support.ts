/** Helpers shared by the integration tests: unique names and clients for the running stack. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { PROJECT_ROOT } from '../stack/paths.js';

export const endpoints = readEndpoints();
export const urls = serviceUrls(endpoints);

/** A name no other test (or earlier run) uses: tests never share topics, groups or keys. */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const kafkaClient = (clientId: string) =>
  new Kafka({
    clientId,
    brokers: urls.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 8 },
  });

/**
 * A gateway process of its own with exactly `env` over this process's environment (for the
 * tests of how it starts: without development mode, without a proper JWT_SECRET). Resolves
 * `exited` with its exit code; `output()` is what it wrote to stdout and stderr.
 */
export function spawnGateway(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
