import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESTART_POLICY,
  NO_HISTORY,
  backoffMs,
  decideRestart,
  describeExit,
  type RestartDecision,
  type RestartHistory,
  type RestartPolicy,
} from './policy.js';

const policy: RestartPolicy = {
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 1000,
  stableAfterMs: 10_000,
  crashLoop: { maxRestarts: 3, windowMs: 60_000 },
};

/** Crashes at the given times, each after running `ranMs`; returns every decision. */
function crashes(times: readonly number[], ranMs = 1000, p = policy) {
  let history: RestartHistory = NO_HISTORY;
  const decisions: RestartDecision[] = [];
  for (const at of times) {
    const decision = decideRestart(p, history, { at, ranMs, requested: false });
    decisions.push(decision);
    if (decision.action !== 'stay-stopped') history = decision.history;
  }
  return decisions;
}

const delays = (decisions: RestartDecision[]) =>
  decisions.map((d) => (d.action === 'restart' ? d.delayMs : d.action));

describe('the restart policy', () => {
  it('leaves a service it asked to stop stopped, whatever its history', () => {
    const busy: RestartHistory = { exitTimes: [1, 2, 3], failuresInARow: 3 };
    expect(decideRestart(policy, busy, { at: 4, ranMs: 1, requested: true })).toEqual({
      action: 'stay-stopped',
    });
  });

  it('restarts an unrequested exit, waiting longer after each failure in a row, up to the cap', () => {
    const wide = { ...policy, crashLoop: { maxRestarts: 100, windowMs: 60_000 } };
    expect(delays(crashes([0, 1, 2, 3, 4, 5, 6], 1000, wide))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('starts the backoff afresh after a run that lasted past stableAfterMs', () => {
    let history: RestartHistory = { exitTimes: [], failuresInARow: 3 };
    const stable = decideRestart(policy, history, { at: 0, ranMs: 10_000, requested: false });
    expect(stable).toMatchObject({ action: 'restart', delayMs: 100 });
    if (stable.action === 'restart') history = stable.history;
    const quick = decideRestart(policy, history, { at: 1, ranMs: 50, requested: false });
    expect(quick).toMatchObject({ action: 'restart', delayMs: 200 });
  });

  it('gives up after more than maxRestarts unrequested exits within the window', () => {
    const decisions = crashes([0, 10, 20, 30]);
    expect(delays(decisions)).toEqual([100, 200, 400, 'give-up']);
    expect(decisions[3]).toMatchObject({ exitsInWindow: 4 });
  });

  it('forgets exits that fell out of the window, so rare crashes never add up to a loop', () => {
    const decisions = crashes([0, 61_000, 122_000, 183_000, 244_000], 20_000);
    expect(decisions.every((d) => d.action === 'restart')).toBe(true);
    expect(delays(decisions)).toEqual([100, 100, 100, 100, 100]);
  });

  it('counts stable runs towards the crash loop too: a loop of slow crashes is still a loop', () => {
    expect(delays(crashes([0, 15_000, 30_000, 45_000], 15_000)).at(-1)).toBe('give-up');
  });

  it('has defaults that restart quickly and give a crash loop about half a minute', () => {
    const p = DEFAULT_RESTART_POLICY;
    expect(backoffMs(p, 1)).toBe(500);
    const waits = Array.from({ length: p.crashLoop.maxRestarts }, (_, i) => backoffMs(p, i + 1));
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 15_000]);
    const immediate = crashes(
      Array.from({ length: p.crashLoop.maxRestarts + 1 }, (_, i) => i * 1000),
      10,
      p,
    );
    expect(immediate.at(-1)?.action).toBe('give-up');
  });

  it('gives up at once on a service that refused its configuration: a restart cannot fix it', () => {
    const decision = decideRestart(policy, NO_HISTORY, {
      at: 1000,
      ranMs: 1000,
      requested: false,
      misconfigured: true,
    });
    expect(decision).toMatchObject({ action: 'give-up', reason: 'misconfigured' });
  });

  it('describes how a process ended', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('killed by SIGKILL');
    expect(describeExit(75, null)).toBe('exit code 75 (asked to be restarted)');
    expect(describeExit(1, null)).toBe('exit code 1');
  });
});
