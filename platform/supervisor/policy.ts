/**
 * When a supervised service exits, what to do: leave it stopped (we asked it to stop), start it
 * again after a backoff, or give up on it (it is crash-looping). Pure: the clock and the
 * service's history are inputs, the decision and the new history are the output.
 */

export interface RestartPolicy {
  /** Wait before the first restart of a run of failures. */
  readonly initialDelayMs: number;
  /** Each further failure in a row multiplies the wait by this… */
  readonly factor: number;
  /** …up to this. */
  readonly maxDelayMs: number;
  /** A run that lasted this long was healthy: the next failure starts the backoff afresh. */
  readonly stableAfterMs: number;
  /** More than `maxRestarts` unrequested exits within `windowMs` is a crash loop: give up. */
  readonly crashLoop: { readonly maxRestarts: number; readonly windowMs: number };
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  factor: 2,
  maxDelayMs: 15_000,
  stableAfterMs: 30_000,
  crashLoop: { maxRestarts: 6, windowMs: 5 * 60_000 },
};

export interface RestartHistory {
  /** When each unrequested exit happened (ms), the ones still inside the crash-loop window. */
  readonly exitTimes: readonly number[];
  /** Unrequested exits in a row, each after a run shorter than `stableAfterMs`. */
  readonly failuresInARow: number;
}

export const NO_HISTORY: RestartHistory = { exitTimes: [], failuresInARow: 0 };

export interface ServiceExit {
  /** When it exited (ms). */
  readonly at: number;
  /** How long that run lasted. */
  readonly ranMs: number;
  /** The supervisor asked it to stop (Ctrl-C, SIGTERM, or a stop of that one service). */
  readonly requested: boolean;
  /** It exited with EX_CONFIG (78): its configuration is wrong, and a restart cannot fix that. */
  readonly misconfigured?: boolean;
}

export type RestartDecision =
  | { readonly action: 'stay-stopped' }
  | { readonly action: 'restart'; readonly delayMs: number; readonly history: RestartHistory }
  | {
      readonly action: 'give-up';
      readonly reason: 'crash-loop' | 'misconfigured';
      readonly exitsInWindow: number;
      readonly history: RestartHistory;
    };

/** The wait before restart number `failuresInARow` (1 = the first of a run of failures). */
export function backoffMs(policy: RestartPolicy, failuresInARow: number): number {
  const exponent = Math.max(0, failuresInARow - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** exponent);
}

export function decideRestart(
  policy: RestartPolicy,
  history: RestartHistory,
  exit: ServiceExit,
): RestartDecision {
  if (exit.requested) return { action: 'stay-stopped' };
  const windowStart = exit.at - policy.crashLoop.windowMs;
  const exitTimes = [...history.exitTimes.filter((t) => t > windowStart), exit.at];
  const failuresInARow = exit.ranMs >= policy.stableAfterMs ? 1 : history.failuresInARow + 1;
  const next = { exitTimes, failuresInARow };
  if (exit.misconfigured) {
    return {
      action: 'give-up',
      reason: 'misconfigured',
      exitsInWindow: exitTimes.length,
      history: next,
    };
  }
  if (exitTimes.length > policy.crashLoop.maxRestarts) {
    return {
      action: 'give-up',
      reason: 'crash-loop',
      exitsInWindow: exitTimes.length,
      history: next,
    };
  }
  return { action: 'restart', delayMs: backoffMs(policy, failuresInARow), history: next };
}

/** How a process ended, in words: "exit code 75", "killed by SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === 75) return 'exit code 75 (asked to be restarted)';
  return `exit code ${code}`;
}
