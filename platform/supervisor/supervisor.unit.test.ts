/** The runner with real (tiny) child processes: restarts, give-ups and stops as the policy says. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RestartPolicy } from './policy.js';
import { Supervisor, type ServiceSpec, type SupervisorEvent } from './supervisor.js';

const quick: RestartPolicy = {
  initialDelayMs: 10,
  factor: 2,
  maxDelayMs: 40,
  stableAfterMs: 60_000,
  crashLoop: { maxRestarts: 3, windowMs: 60_000 },
};

const node = (name: string, script: string): ServiceSpec => ({
  name,
  command: process.execPath,
  args: ['-e', script],
  cwd: process.cwd(),
  env: process.env,
});

/** Runs until stopped; prints `up` once its handlers are in place, so the test knows it is up. */
const SERVES =
  "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); console.log('up');";

let supervisor: Supervisor;
let events: SupervisorEvent[];

function make(policy = quick) {
  events = [];
  supervisor = new Supervisor({ policy, stopGraceMs: 2000, observers: [(e) => events.push(e)] });
  return supervisor;
}

async function until(condition: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const exits = (name: string) =>
  events.flatMap((e) => (e.type === 'exited' && e.service.name === name ? [e] : []));
const upLines = (name: string) =>
  events.filter((e) => e.type === 'line' && e.service.name === name && e.line === 'up').length;

afterEach(async () => {
  await supervisor?.stopAll({ force: true });
});

describe('the supervisor', () => {
  it('restarts a service killed from outside, and passes on its lines', async () => {
    make();
    const first = supervisor.start(node('svc', SERVES));
    await until(() => upLines('svc') === 1, 'the first start');
    process.kill(first.pid!, 'SIGKILL');
    await until(() => upLines('svc') === 2, 'the restart');
    expect(exits('svc')[0]).toMatchObject({
      how: 'killed by SIGKILL',
      decision: { action: 'restart', delayMs: 10 },
      restarts: 1,
    });
    expect(supervisor.service('svc')?.child?.pid).not.toBe(first.pid);
    expect(supervisor.service('svc')?.state).toBe('running');
  });

  it('gives up on a crash loop, reports it, and keeps the other services running', async () => {
    make();
    supervisor.start(node('crasher', 'process.exit(3)'));
    supervisor.start(node('steady', SERVES));
    await until(() => supervisor.service('crasher')?.state === 'gave up', 'the give-up');
    const decisions = exits('crasher').map((e) => e.decision);
    expect(decisions.map((d) => (d.action === 'restart' ? d.delayMs : d.action))).toEqual([
      10,
      20,
      40,
      'give-up',
    ]);
    expect(exits('crasher').at(-1)?.how).toBe('exit code 3');
    await until(() => upLines('steady') === 1, 'the steady service');
    expect(supervisor.service('steady')?.alive).toBe(true);
    expect(exits('steady')).toHaveLength(0);
  });

  it('restarts a service that asks for it with exit code 75', async () => {
    make();
    // Every run asks again; the first two exits show the rule.
    supervisor.start(node('asks', "console.log('up'); setTimeout(() => process.exit(75), 50)"));
    await until(() => exits('asks').length >= 2, 'two exits');
    expect(exits('asks')[0]).toMatchObject({
      how: 'exit code 75 (asked to be restarted)',
      decision: { action: 'restart' },
    });
  });

  it('stops everything on request and restarts nothing, a stuck service with SIGKILL', async () => {
    make();
    supervisor = new Supervisor({
      policy: quick,
      // Long enough for a loaded machine to let `a` exit on SIGTERM; `stuck` outlives it.
      stopGraceMs: 1500,
      observers: [(e) => events.push(e)],
    });
    supervisor.start(node('a', SERVES));
    supervisor.start(
      node(
        'stuck',
        "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up')",
      ),
    );
    await until(() => upLines('a') === 1 && upLines('stuck') === 1, 'both up');
    await supervisor.stopAll();
    expect(exits('a').map((e) => [e.how, e.decision.action])).toEqual([
      ['exit code 0', 'stay-stopped'],
    ]);
    expect(exits('stuck').map((e) => [e.how, e.decision.action])).toEqual([
      ['killed by SIGKILL', 'stay-stopped'],
    ]);
    expect(supervisor.list().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(() => supervisor.start(node('late', SERVES))).toThrow(/stopping/);
  });

  it('stops one service for good while the others keep being supervised', async () => {
    make();
    supervisor.start(node('one', SERVES));
    const other = supervisor.start(node('other', SERVES));
    await until(() => upLines('one') === 1 && upLines('other') === 1, 'both up');
    await supervisor.stop('one', 'SIGKILL');
    expect(supervisor.service('one')?.state).toBe('stopped');
    process.kill(other.pid!, 'SIGKILL');
    await until(() => upLines('other') === 2, 'the other restarted');
    expect(upLines('one')).toBe(1);
  });

  it('cancels a pending restart when asked to stop', async () => {
    make({ ...quick, initialDelayMs: 5000, maxDelayMs: 5000 });
    const child = supervisor.start(node('slow', SERVES));
    await until(() => upLines('slow') === 1, 'up');
    process.kill(child.pid!, 'SIGKILL');
    await until(() => supervisor.service('slow')?.state === 'restarting', 'waiting to restart');
    await supervisor.stopAll();
    expect(supervisor.service('slow')?.state).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ type: 'restart-cancelled' });
  });
});
