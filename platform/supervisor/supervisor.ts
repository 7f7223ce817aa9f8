/**
 * The process runner around the restart policy: it runs each service as a child process, hands
 * every line it prints to the observers, and when one exits without being asked to, starts it
 * again after the policy's backoff, or gives up on that one service (a crash loop) while the
 * others keep running. Only `stopAll` (Ctrl-C, SIGTERM) or `stop` of one service ends a service
 * for good. `npm start` and the test harness (tests/services.ts) both run their services here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  DEFAULT_RESTART_POLICY,
  NO_HISTORY,
  decideRestart,
  describeExit,
  type RestartDecision,
  type RestartHistory,
  type RestartPolicy,
} from './policy.js';
import { EXIT_CODE_CONFIG } from '../exit-for-restart.js';

export interface ServiceSpec {
  /** Unique among the supervisor's services. */
  readonly name: string;
  /** The program and its arguments. */
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The whole environment of the child (not merged with ours). */
  readonly env: NodeJS.ProcessEnv;
  /** Where it listens, for `stack:status`. */
  readonly address?: string;
}

export type ServiceState = 'running' | 'restarting' | 'gave up' | 'stopped';

export type SupervisorEvent =
  | { readonly type: 'started'; readonly service: ServiceSpec; readonly child: ChildProcess }
  | {
      readonly type: 'line';
      readonly service: ServiceSpec;
      readonly child: ChildProcess;
      readonly stream: 'stdout' | 'stderr';
      readonly line: string;
    }
  | {
      readonly type: 'exited';
      readonly service: ServiceSpec;
      readonly child: ChildProcess;
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
      /** "killed by SIGKILL", "exit code 75 (asked to be restarted)" … */
      readonly how: string;
      readonly decision: RestartDecision;
      /** Restarts so far, this one included when the decision is to restart. */
      readonly restarts: number;
    }
  | { readonly type: 'restart-cancelled'; readonly service: ServiceSpec };

export type SupervisorObserver = (event: SupervisorEvent) => void;

export interface SupervisorOptions {
  readonly policy?: RestartPolicy;
  /** How long a stopped service may take to exit after SIGTERM before it gets SIGKILL. */
  readonly stopGraceMs?: number;
  readonly observers?: readonly SupervisorObserver[];
  readonly now?: () => number;
}

/** Longer than the services' own shutdown bounds (leaving the group, draining: 15 s each). */
export const DEFAULT_STOP_GRACE_MS = 40_000;

/** One service and its current process, kept running by the supervisor. */
export class SupervisedService {
  child: ChildProcess | undefined;
  state: ServiceState = 'running';
  restarts = 0;
  history: RestartHistory = NO_HISTORY;
  stopRequested = false;
  /** A pending restart, cancelled by a stop. */
  timer: NodeJS.Timeout | undefined;
  exited: Promise<void> = Promise.resolve();

  constructor(readonly spec: ServiceSpec) {}

  get alive() {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }
}

export class Supervisor {
  private readonly services = new Map<string, SupervisedService>();
  private readonly policy: RestartPolicy;
  private readonly stopGraceMs: number;
  private readonly observers: SupervisorObserver[];
  private readonly now: () => number;
  private stopping = false;

  constructor(options: SupervisorOptions = {}) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.observers = [...(options.observers ?? [])];
    this.now = options.now ?? Date.now;
  }

  observe(observer: SupervisorObserver) {
    this.observers.push(observer);
  }

  /** Starts a service and keeps it running; returns its first process. */
  start(spec: ServiceSpec): ChildProcess {
    if (this.stopping) throw new Error('the supervisor is stopping: it starts nothing new');
    if (this.services.has(spec.name)) throw new Error(`a service named ${spec.name} runs already`);
    const service = new SupervisedService(spec);
    this.services.set(spec.name, service);
    return this.run(service);
  }

  /** The services, in the order they were started. */
  list(): readonly SupervisedService[] {
    return [...this.services.values()];
  }

  service(name: string): SupervisedService | undefined {
    return this.services.get(name);
  }

  /** Stops one service for good (it is not restarted); resolves once it has exited. */
  async stop(name: string, signal: NodeJS.Signals = 'SIGTERM') {
    const service = this.services.get(name);
    if (!service) throw new Error(`there is no service named ${name}`);
    await this.stopOne(service, signal);
  }

  /**
   * Stops every service (SIGTERM, then SIGKILL after the grace period) and restarts none.
   * `force` sends SIGKILL at once (a second Ctrl-C).
   */
  async stopAll({ force = false } = {}) {
    this.stopping = true;
    await Promise.all(this.list().map((s) => this.stopOne(s, force ? 'SIGKILL' : 'SIGTERM')));
  }

  /** Sends SIGKILL to every live child now, synchronously: for process.on('exit'). */
  killAllNow() {
    this.stopping = true;
    for (const service of this.list()) {
      service.stopRequested = true;
      if (service.alive) signalProcess(service.child, 'SIGKILL');
    }
  }

  private async stopOne(service: SupervisedService, signal: NodeJS.Signals) {
    service.stopRequested = true;
    clearTimeout(service.timer);
    if (!service.alive) {
      if (service.state === 'restarting') {
        service.state = 'stopped';
        this.emit({ type: 'restart-cancelled', service: service.spec });
      }
      await service.exited;
      return;
    }
    signalProcess(service.child, signal);
    const grace = setTimeout(() => signalProcess(service.child, 'SIGKILL'), this.stopGraceMs);
    await service.exited.finally(() => clearTimeout(grace));
  }

  private emit(event: SupervisorEvent) {
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch (error) {
        // An observer that fails (a full disk for the log file) must not stop the supervision.
        console.error(`supervisor: an observer failed: ${(error as Error).message}`);
      }
    }
  }

  private run(service: SupervisedService): ChildProcess {
    const { spec } = service;
    const startedAt = this.now();
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches the supervisor only, which then
      // stops the services in order instead of racing their exits against its own.
      detached: true,
    });
    service.child = child;
    service.state = 'running';
    const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    service.exited = exited.then(() => undefined);
    child.on('error', () => undefined); // a failed spawn also closes: handled there
    this.emit({ type: 'started', service: spec, child });
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream] }).on('line', (line) =>
        this.emit({ type: 'line', service: spec, child, stream, line }),
      );
    }
    void exited.then(([code, signal]) => this.onExit(service, child, startedAt, code, signal));
    return child;
  }

  private onExit(
    service: SupervisedService,
    child: ChildProcess,
    startedAt: number,
    code: number | null,
    signal: NodeJS.Signals | null,
  ) {
    const at = this.now();
    const requested = this.stopping || service.stopRequested;
    const decision = decideRestart(this.policy, service.history, {
      at,
      ranMs: at - startedAt,
      requested,
      misconfigured: code === EXIT_CODE_CONFIG,
    });
    if (decision.action !== 'stay-stopped') service.history = decision.history;
    switch (decision.action) {
      case 'stay-stopped':
        service.state = 'stopped';
        break;
      case 'give-up':
        service.state = 'gave up';
        break;
      case 'restart':
        service.state = 'restarting';
        service.restarts += 1;
        service.timer = setTimeout(() => {
          if (!service.stopRequested && !this.stopping) this.run(service);
        }, decision.delayMs);
        break;
      default: {
        const never: never = decision;
        throw new Error(`unknown decision ${JSON.stringify(never)}`);
      }
    }
    this.emit({
      type: 'exited',
      service: service.spec,
      child,
      code,
      signal,
      how: describeExit(code, signal),
      decision,
      restarts: service.restarts,
    });
  }
}

/**
 * Signals the process by pid rather than through `child.kill`, which a test harness may have
 * replaced with a stop through the supervisor.
 */
function signalProcess(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (child?.pid === undefined) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // It has exited already.
  }
}
