/**
 * Applies a versioned connector definition from connect/ to Kafka Connect, idempotently
 * (PUT /connectors/<name>/config), and waits until the connector and its tasks are RUNNING.
 * `{{NAME}}` placeholders are filled from `values`, so the file itself holds no addresses or secrets.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ConnectorDefinition {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
}

export async function loadConnector(
  file: string,
  values: Readonly<Record<string, string>>,
): Promise<ConnectorDefinition> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as ConnectorDefinition;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.config)) {
    config[key] = value.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
      const filled = values[name];
      if (filled === undefined)
        throw new ConnectorError(`${file}: no value for placeholder {{${name}}} (in ${key})`);
      return filled;
    });
  }
  return { name: raw.name, config };
}

interface ConnectorStatus {
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

export async function applyConnector(
  connectUrl: string,
  connector: ConnectorDefinition,
  timeoutMs = 60_000,
) {
  const response = await fetch(
    `${connectUrl}/connectors/${encodeURIComponent(connector.name)}/config`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(connector.config),
    },
  );
  if (!response.ok) {
    throw new ConnectorError(
      `Kafka Connect refused connector ${connector.name} (HTTP ${response.status}): ${await response.text()}`,
    );
  }
  return waitUntilRunning(connectUrl, connector.name, timeoutMs);
}

/** Polls the connector's status until it and all its tasks run; a FAILED task stops with its trace. */
export async function waitUntilRunning(
  connectUrl: string,
  name: string,
  timeoutMs: number,
): Promise<ConnectorStatus> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no status yet';
  while (Date.now() < deadline) {
    const response = await fetch(`${connectUrl}/connectors/${encodeURIComponent(name)}/status`);
    if (response.ok) {
      const status = (await response.json()) as ConnectorStatus;
      const failed = [status.connector, ...status.tasks].find((s) => s.state === 'FAILED');
      if (failed) {
        throw new ConnectorError(
          `connector ${name} FAILED: ${failed.trace?.split('\n').slice(0, 3).join(' | ') ?? 'no trace'}`,
        );
      }
      if (
        status.connector.state === 'RUNNING' &&
        status.tasks.length > 0 &&
        status.tasks.every((t) => t.state === 'RUNNING')
      ) {
        return status;
      }
      last = `connector ${status.connector.state}, tasks [${status.tasks.map((t) => t.state).join(', ')}]`;
    }
    await sleep(200);
  }
  throw new ConnectorError(
    `connector ${name} is not RUNNING after ${timeoutMs / 1000} s (${last}). See \`npm run stack:logs connect\`.`,
  );
}
