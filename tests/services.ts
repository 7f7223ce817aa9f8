/**
 * Runs the real services (gateway, processors) as child processes against the running stack,
 * each test file with its own commands topic, events topic and consumer group. Like `npm start`,
 * it restarts a processor or sink that exits asking for it (its consumer stalled).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import pg from 'pg';
import { loadMigrations, migrate } from '../migrations/migrator.js';
import { EXIT_CODE_RESTART } from '../platform/exit-for-restart.js';
import { ensureTopics, topicNames, type TopicNames } from '../platform/topics.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { endpoints, kafkaClient, uniqueName, urls } from './support.js';

export interface Pipeline {
  readonly gatewayUrl: string;
  readonly topics: TopicNames;
  readonly env: NodeJS.ProcessEnv;
  /** The gateway instances started so far, the first one by startPipeline. */
  readonly gateways: ChildProcess[];
  /** The processors started so far, the first one by startPipeline. */
  readonly processors: ChildProcess[];
  startProcessor(name?: string): ChildProcess;
  /** The sink processes started so far, by kind (only with `sinks: true`). */
  readonly sinks: { stats: ChildProcess[]; leaderboard: ChildProcess[] };
  startSink(kind: 'stats' | 'leaderboard'): ChildProcess;
  /** Starts one more gateway instance; resolves with its URL once it is ready. */
  startGateway(): Promise<string>;
  /** A processor's or sink's GET /metrics URL (the gateway serves it at `${gatewayUrl}/metrics`). */
  metricsUrl(child: ChildProcess): string;
  /** One entry per restart a service asked for: its kind and the reason it logged. */
  readonly restarts: string[];
  /** What a child process wrote so far (JSON log lines at `logLevel`, then `stderr: …` lines and `exited: …`), line by line. */
  logsOf(child: ChildProcess): string[];
  stop(): Promise<void>;
}

/** Sends `signal` to one service and resolves with its exit code once it has exited. */
export async function stopService(
  child: ChildProcess,
  signal: 'SIGTERM' | 'SIGKILL',
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

/** The message of a process's last error log line: what it said as it asked to be restarted. */
function whyItExited(lines: readonly string[]) {
  for (const line of [...lines].reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string } };
      if (entry.level === 50 && entry.msg)
        return [entry.msg.split(';')[0], entry.err?.type].filter(Boolean).join(': ');
    } catch {
      // not a log line
    }
  }
  return 'no reason logged';
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Free ports taken synchronously by startProcessor/startSink; refilled in the background. */
class PortPool {
  private readonly free: number[] = [];
  private constructor() {}

  static async filled(size: number) {
    const pool = new PortPool();
    pool.free.push(...(await Promise.all(Array.from({ length: size }, freePort))));
    return pool;
  }

  take(): number {
    const port = this.free.shift();
    if (port === undefined) throw new Error('no free port ready: start fewer processes at once');
    void freePort().then((p) => this.free.push(p));
    return port;
  }
}

const childLines = new WeakMap<ChildProcess, string[]>();

function run(entry: string, env: NodeJS.ProcessEnv, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  childLines.set(child, lines);
  let partial = '';
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  // What a process prints outside its logger (a crash's stack trace) goes with its log lines.
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    lines.push(
      ...chunk
        .toString()
        .trimEnd()
        .split('\n')
        .map((line) => `stderr: ${line}`),
    );
  });
  child.on('exit', (code, signal) => lines.push(`exited: code ${code}, signal ${signal}`));
  return child;
}

/** A database of its own for this run's stats tables, migrated like the main one. */
async function statsDatabase(name: string) {
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${endpoints.postgres.app.user}`);
  await admin.end();
  const url = urls.databaseUrl.replace(/\/[^/]+$/, `/${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migrate(client, await loadMigrations(path.join(PROJECT_ROOT, 'migrations')));
  await client.end();
  return url;
}

export async function startPipeline(
  options: {
    partitions?: number;
    closeGraceMs?: number;
    sinks?: boolean;
    logLevel?: string;
    /** Also run the connector watchdog (tests that take Postgres or Connect down need it). */
    watchdog?: boolean;
  } = {},
): Promise<Pipeline> {
  const name = uniqueName('it').replace('-', '_');
  const topics = topicNames(`${name}.commands`, name);
  const admin = kafkaClient('it-admin').admin();
  await admin.connect();
  await ensureTopics(admin, topics, options.partitions ?? 4);
  await admin.disconnect();

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    COMMANDS_TOPIC: topics.commands,
    EVENTS_AGGREGATE_TYPE: name,
    PROCESSOR_GROUP_ID: `${name}-processors`,
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    // Tests sign their tokens with the development secret, which only development mode accepts.
    DEVELOPMENT_MODE: '1',
    METRICS_HOST: '127.0.0.1',
    CLOSE_GRACE_MS: String(options.closeGraceMs ?? 300),
    // A few bidders on many auctions at the machine's full speed would meet the per-user bid
    // limit, which is not what those tests are about; the limit has its own test (security).
    BID_RATE_LIMIT_PER_SECOND: process.env.BID_RATE_LIMIT_PER_SECOND ?? '100000',
    BID_RATE_LIMIT_BURST: process.env.BID_RATE_LIMIT_BURST ?? '100000',
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...(options.sinks
      ? {
          STATS_DATABASE_URL: await statsDatabase(`${name}_stats`),
          LEADERBOARD_PREFIX: `${name}-lb`,
          STATS_SINK_GROUP_ID: `${name}-stats`,
          LEADERBOARD_SINK_GROUP_ID: `${name}-leaderboard`,
        }
      : {}),
  };
  const children: ChildProcess[] = [];
  const processors: ChildProcess[] = [];
  const output: string[] = [];
  const ports = await PortPool.filled(6);
  const metricsUrls = new Map<ChildProcess, string>();
  const restarts: string[] = [];
  let stopping = false;
  /** Starts the service again, as a supervisor would, when it exits with EXIT_CODE_RESTART. */
  const restartOnRequest = (child: ChildProcess, kind: string, start: () => void) => {
    child.once('exit', (code) => {
      if (stopping || code !== EXIT_CODE_RESTART) return;
      restarts.push(`${kind} (${whyItExited(childLines.get(child) ?? [])})`);
      start();
    });
  };
  const startProcessor = (instance = uniqueName('processor')): ChildProcess => {
    const metricsPort = ports.take();
    const child = run(
      'processors/main.ts',
      { ...env, PROCESSOR_INSTANCE_ID: instance, PROCESSOR_METRICS_PORT: String(metricsPort) },
      output,
    );
    metricsUrls.set(child, `http://127.0.0.1:${metricsPort}/metrics`);
    children.push(child);
    processors.push(child);
    restartOnRequest(child, 'processor', () => startProcessor());
    return child;
  };
  const sinks = { stats: [] as ChildProcess[], leaderboard: [] as ChildProcess[] };
  const startSink = (kind: 'stats' | 'leaderboard'): ChildProcess => {
    const metricsPort = ports.take();
    const portVariable =
      kind === 'stats' ? 'STATS_SINK_METRICS_PORT' : 'LEADERBOARD_SINK_METRICS_PORT';
    const child = run(
      `sinks/${kind}/main.ts`,
      { ...env, [portVariable]: String(metricsPort) },
      output,
    );
    metricsUrls.set(child, `http://127.0.0.1:${metricsPort}/metrics`);
    children.push(child);
    sinks[kind].push(child);
    restartOnRequest(child, `${kind} sink`, () => startSink(kind));
    return child;
  };
  startProcessor();
  if (options.sinks) {
    startSink('stats');
    startSink('leaderboard');
  }
  const gateways = [run('gateway/main.ts', env, output)];
  children.push(...gateways);
  if (options.watchdog) children.push(run('connect/main.ts', env, output));

  const untilReady = async (url: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return url;
      if (Date.now() > deadline || children.some((c) => c.exitCode !== null)) {
        throw new Error(`the services did not start:\n${output.join('')}`);
      }
      await sleep(200);
    }
  };
  const gatewayUrl = await untilReady(`http://127.0.0.1:${port}`);
  const startGateway = async () => {
    const extraPort = await freePort();
    const gateway = run('gateway/main.ts', { ...env, GATEWAY_PORT: String(extraPort) }, output);
    gateways.push(gateway);
    children.push(gateway);
    return untilReady(`http://127.0.0.1:${extraPort}`);
  };
  return {
    gatewayUrl,
    topics,
    env,
    gateways,
    processors,
    startProcessor,
    sinks,
    startSink,
    startGateway,
    metricsUrl(child) {
      const url = metricsUrls.get(child);
      if (!url)
        throw new Error('that process serves no metrics of its own (not a processor or sink)');
      return url;
    },
    restarts,
    logsOf: (child) => childLines.get(child) ?? [],
    async stop() {
      stopping = true;
      await Promise.all(
        children
          .filter((c) => c.exitCode === null && c.signalCode === null)
          .map(async (c) => {
            c.kill('SIGTERM');
            await once(c, 'exit');
          }),
      );
    },
  };
}
