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

export async function connectorStatus(
  connectUrl: string,
  name: string,
): Promise<ConnectorStatus | undefined> {
  const response = await fetch(`${connectUrl}/connectors/${encodeURIComponent(name)}/status`, {
    signal: AbortSignal.timeout(5000),
  });
  return response.ok ? ((await response.json()) as ConnectorStatus) : undefined;
}

/** The connector or the task that failed, with the first lines of its trace. */
export function failureOf(status: ConnectorStatus): string | undefined {
  const failed = [status.connector, ...status.tasks].find((s) => s.state === 'FAILED');
  return failed && (failed.trace?.split('\n').slice(0, 3).join(' | ') ?? 'no trace');
}

/**
 * Restarts the failed parts of a connector (KIP-745). Kafka Connect never does this by itself,
 * and a Debezium task fails for good when Postgres is unreachable while it starts.
 */
export async function restartFailed(connectUrl: string, name: string) {
  const response = await fetch(
    `${connectUrl}/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`,
    { method: 'POST', signal: AbortSignal.timeout(5000) },
  );
  if (!response.ok && response.status !== 409)
    throw new ConnectorError(`restarting ${name} failed: HTTP ${response.status}`);
}

/**
 * Polls the connector's status until it and all its tasks run. A FAILED part is restarted a
 * few times (it may have failed while a dependency was down) before giving up with its trace.
 */
export async function waitUntilRunning(
  connectUrl: string,
  name: string,
  timeoutMs: number,
  restarts = 3,
): Promise<ConnectorStatus> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no status yet';
  let restarted = 0;
  while (Date.now() < deadline) {
    const status = await connectorStatus(connectUrl, name);
    if (status) {
      const failure = failureOf(status);
      if (failure && restarted >= restarts)
        throw new ConnectorError(`connector ${name} FAILED: ${failure}`);
      if (failure) {
        restarted += 1;
        await restartFailed(connectUrl, name);
        await sleep(1000);
        continue;
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
