/** What the stack manager knows about each component it runs. */
import type { Endpoints, PortName } from '../platform/endpoints.js';
import type { StackPaths } from './paths.js';
import type { DaemonSpec } from './processes.js';
import type { Toolchain } from './prerequisites.js';

export interface StackContext {
  readonly endpoints: Endpoints;
  readonly paths: StackPaths;
  readonly tools: Toolchain;
  readonly say: (line: string) => void;
}

/** A port a component binds, with the name whose variable moves it (stack/ports.ts). */
export interface BoundPort {
  readonly name: PortName;
  readonly port: number;
}

/** The `ports` of a component that binds the endpoints' ports of these names. */
export const portsNamed =
  (...names: PortName[]) =>
  (endpoints: Endpoints): BoundPort[] =>
    names.map((name) => ({ name, port: endpoints.ports[name] }));

export interface Component {
  readonly name: string;
  /** Components that must be ready before this one starts. */
  readonly dependsOn: readonly string[];
  /** Ports it binds, checked before it starts. */
  ports(endpoints: Endpoints): readonly BoundPort[];
  /** How long a cold start may take before `stack:up` gives up. */
  readonly readyTimeoutMs: number;
  /** The signal that shuts it down cleanly. */
  readonly stopSignal: NodeJS.Signals;
  /**
   * Sent when a clean stop takes longer than 30 s (default SIGKILL). Postgres needs SIGQUIT:
   * a SIGKILLed postmaster leaves its children holding the shared memory, and no new server
   * can start on that data directory until they go.
   */
  readonly forceSignal?: NodeJS.Signals;
  /** host:port shown by `stack:status`. */
  address(endpoints: Endpoints): string;
  /** URL or connection string shown by `stack:status --json`, which prints passwords as `***`. */
  url(endpoints: Endpoints): string;
  /** One-time, idempotent preparation: data folders, config files, formatting. */
  prepare(ctx: StackContext): Promise<void>;
  daemon(ctx: StackContext): DaemonSpec;
  /** One readiness probe: true once the component really answers. */
  isReady(endpoints: Endpoints): Promise<boolean>;
  /** Idempotent set-up once ready (roles, databases). */
  afterReady?(ctx: StackContext): Promise<void>;
}
