/**
 * A pipeline process's stop on SIGTERM or SIGINT (the processor, each sink): stop the timers,
 * finish the work in hand step by step (each bounded, so a Kafka outage cannot hold the exit),
 * close every client whatever the steps did, log, exit (code 1 if a step failed).
 */
import type { Logger } from './logger.js';
import { within } from './within.js';

export interface GracefulShutdown {
  readonly logger: Logger;
  /** Synchronous: timers and watchers to stop first. */
  readonly halt: () => void;
  /** In order, each bounded by `stepMs`: [what it waits for (for the timeout's message), the step]. */
  readonly steps: ReadonlyArray<readonly [string, () => Promise<unknown>]>;
  /** All at once, after the steps, failures ignored. */
  readonly close: ReadonlyArray<() => Promise<unknown>>;
  /** The last line: its fields and message. */
  readonly stopped: () => readonly [Record<string, unknown>, string];
  readonly stepMs: number;
}

export function stopOnSignals(s: GracefulShutdown): void {
  const shutdown = async (signal: string) => {
    s.logger.info({ signal }, 'shutting down: finishing the current batch and leaving the group');
    s.halt();
    try {
      for (const [what, step] of s.steps) await within(step(), s.stepMs, what);
    } catch (error) {
      s.logger.error({ err: error }, 'shutdown did not finish cleanly');
      process.exitCode = 1;
    }
    await Promise.allSettled(s.close.map((close) => close()));
    s.logger.info(...s.stopped());
    process.exit();
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
