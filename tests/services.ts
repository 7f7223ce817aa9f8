/**
 * Runs the real services (gateway, processors, sinks) as child processes against the running
 * stack, each test file with its own commands topic, events topic and consumer group, under the
 * same supervisor as `npm start` (platform/supervisor/). A service that exits unasked (its
 * consumer stalled and it exited 75, or a test killed it from outside with `crash`) is started
 * again with the supervisor's backoff, with the same name, ports and environment. A signal sent
 * through a pipeline's ChildProcess (`child.kill`, `stopService`) is the test asking: that
 * service stays stopped, as the tests that stop a service and start a replacement expect.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import pg from 'pg';
import { loadMigrations, migrate } from '../migrations/migrator.js';
import { EXIT_CODE_RESTART } from '../platform/exit-for-restart.js';
import { Supervisor, type SupervisorEvent } from '../platform/supervisor/supervisor.js';
import { topicNames, type TopicNames } from '../contracts/names.js';
import { ensureTopics } from '../platform/topics.js';
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
  /**
   * One entry per restart by the supervisor: the service's kind and why it exited (for an exit
   * with code 75, the reason it logged; otherwise "killed by SIGKILL", "exit code 1" …).
   */
  readonly restarts: string[];
  /** What a child process wrote so far (JSON log lines at `logLevel`, then `stderr: …` lines and `exited: …`), line by line. */
  logsOf(child: ChildProcess): string[];
  stop(): Promise<void>;
}

/**
 * Sends `signal` to one service through its handle (the supervisor leaves it stopped) and
 * resolves with its exit code once it has exited.
 */
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

/**
 * Kills a service from outside its supervisor, as a crash or the OOM killer would (SIGKILL by
 * pid, not through its handle): the supervisor starts it again. Resolves once it has exited.
 */
export async function crash(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  process.kill(child.pid!, 'SIGKILL');
  await exited;
}

/** The message of a process's last error log line: what it said as it asked to be restarted. */
function whyItExited(lines: readonly string[]) {
  for (const line of [...lines].reverse()) {
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { type?: string };
        kafkajs?: string;
      };
      // kafkajs's own errors (platform/kafka-log.ts) as it leaves the group are not the reason.
      if (entry.level === 50 && entry.msg && entry.kafkajs === undefined)
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

/**
 * Every test's clients share one address (loopback): at the machine's full speed they would meet
 * the per-address limits, which have their own test (security).
 */
const LOOPBACK_ADDRESS_LIMITS = {
  BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND: '1000000',
  BID_RATE_LIMIT_PER_ADDRESS_BURST: '1000000',
  AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
};

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

/** A new database named `name`, migrated like the main one; resolves with its URL. */
export async function migratedDatabase(name: string) {
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
          STATS_DATABASE_URL: await migratedDatabase(`${name}_stats`),
          LEADERBOARD_PREFIX: `${name}-lb`,
          STATS_SINK_GROUP_ID: `${name}-stats`,
          LEADERBOARD_SINK_GROUP_ID: `${name}-leaderboard`,
        }
      : {}),
  };
  const output: string[] = [];
  const ports = await PortPool.filled(6);
  const metricsUrls = new Map<ChildProcess, string>();
  const restarts: string[] = [];
  const processors: ChildProcess[] = [];
  const sinks = { stats: [] as ChildProcess[], leaderboard: [] as ChildProcess[] };
  const gateways: ChildProcess[] = [];
  /** Every process of every service, restarts included. */
  const children: ChildProcess[] = [];
  /** What each supervised service is in this pipeline: its kind, its list, its metrics URL. */
  const roles = new Map<string, { kind: string; list?: ChildProcess[]; metricsUrl?: string }>();
  const supervisor = new Supervisor();
  supervisor.observe((event) => keepTrack(event));

  function keepTrack(event: SupervisorEvent) {
    const role = roles.get(event.service.name);
    if (!role) return;
    switch (event.type) {
      case 'started': {
        const { child } = event;
        childLines.set(child, []);
        children.push(child);
        role.list?.push(child);
        if (role.metricsUrl) metricsUrls.set(child, role.metricsUrl);
        stopsThroughSupervisor(child, event.service.name);
        return;
      }
      case 'line': {
        keep(output, `${event.line}\n`);
        const lines = childLines.get(event.child);
        // What a process prints outside its logger (a crash's stack trace) goes with its log lines.
        lines?.push(event.stream === 'stderr' ? `stderr: ${event.line}` : event.line);
        return;
      }
      case 'exited': {
        const lines = childLines.get(event.child) ?? [];
        lines.push(`exited: code ${event.code}, signal ${event.signal}`);
        if (event.decision.action === 'stay-stopped') return;
        const why = event.code === EXIT_CODE_RESTART ? whyItExited(lines) : event.how;
        if (event.decision.action === 'restart') restarts.push(`${role.kind} (${why})`);
        else restarts.push(`${role.kind} (${why}): the supervisor gave up on it`);
        return;
      }
      case 'restart-cancelled':
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }

  /** A signal sent through the handle is the test asking the service to stop for good. */
  function stopsThroughSupervisor(child: ChildProcess, name: string) {
    child.kill = (signal?: NodeJS.Signals | number) => {
      const service = supervisor.service(name);
      if (service?.child !== child || !service.alive) return false;
      void supervisor.stop(name, signalName(signal));
      return true;
    };
  }

  let serviceCount = 0;
  /** Starts one supervised service; returns its first process. */
  const startService = (
    kind: string,
    entry: string,
    serviceEnv: NodeJS.ProcessEnv,
    role: { list?: ChildProcess[]; metricsUrl?: string } = {},
  ): ChildProcess => {
    serviceCount += 1;
    const name = `${kind.replace(' ', '-')}-${serviceCount}`;
    roles.set(name, { kind, ...role });
    return supervisor.start({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', entry],
      cwd: PROJECT_ROOT,
      // Below process.env, so a test can set a strict limit for the gateway it starts next.
      env: { ...LOOPBACK_ADDRESS_LIMITS, ...process.env, ...serviceEnv },
    });
  };
  const startProcessor = (instance = uniqueName('processor')): ChildProcess => {
    const metricsPort = ports.take();
    return startService(
      'processor',
      'processors/main.ts',
      { ...env, PROCESSOR_INSTANCE_ID: instance, PROCESSOR_METRICS_PORT: String(metricsPort) },
      { list: processors, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` },
    );
  };
  const startSink = (kind: 'stats' | 'leaderboard'): ChildProcess => {
    const metricsPort = ports.take();
    const portVariable =
      kind === 'stats' ? 'STATS_SINK_METRICS_PORT' : 'LEADERBOARD_SINK_METRICS_PORT';
    return startService(
      `${kind} sink`,
      `sinks/${kind}/main.ts`,
      { ...env, [portVariable]: String(metricsPort) },
      { list: sinks[kind], metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` },
    );
  };
  startProcessor();
  if (options.sinks) {
    startSink('stats');
    startSink('leaderboard');
  }
  startService('gateway', 'gateway/main.ts', env, { list: gateways });
  if (options.watchdog) startService('connect watchdog', 'connect/main.ts', env);

  /** Resolves once the gateway at `url` is ready; fails if one of `watched` exits first. */
  const untilReady = async (url: string, watched: readonly ChildProcess[]) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return url;
      if (Date.now() > deadline || watched.some((c) => c.exitCode !== null)) {
        await supervisor.stopAll();
        throw new Error(`the services did not start:\n${output.join('')}`);
      }
      await sleep(200);
    }
  };
  const gatewayUrl = await untilReady(`http://127.0.0.1:${port}`, [...children]);
  const startGateway = async () => {
    const extraPort = await freePort();
    const gateway = startService(
      'gateway',
      'gateway/main.ts',
      { ...env, GATEWAY_PORT: String(extraPort) },
      { list: gateways },
    );
    return untilReady(`http://127.0.0.1:${extraPort}`, [gateway]);
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
    stop: () => supervisor.stopAll(),
  };
}

const childLines = new WeakMap<ChildProcess, string[]>();

/** Keeps the last 200 lines of everything the services printed, for a failed start. */
function keep(output: string[], line: string) {
  output.push(line);
  if (output.length > 200) output.shift();
}

function signalName(signal: NodeJS.Signals | number | undefined): NodeJS.Signals {
  if (signal === undefined) return 'SIGTERM';
  if (typeof signal === 'string') return signal;
  const named = Object.entries(constants.signals).find(([, n]) => n === signal);
  return (named?.[0] as NodeJS.Signals | undefined) ?? 'SIGTERM';
}
