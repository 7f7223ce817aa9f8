/** `stack:up`: installs what is missing, starts every component and waits until each answers. */
import { readEndpoints } from '../platform/endpoints.js';
import type { Component, StackContext } from './component.js';
import { assertClusterSizeMatchesData, stackEndpoints } from './cluster-size.js';
import { stackComponents } from './components/index.js';
import { StackError } from './errors.js';
import { stackPaths } from './paths.js';
import { assertPortFree } from './ports.js';
import { ensureDebianPackages, ensureJavaArtifacts, findToolchain } from './prerequisites.js';
import { isAlive, runningPid, startDaemon, tail } from './processes.js';
import { waitUntil } from './wait.js';

export interface UpResult {
  readonly component: string;
  readonly seconds: number;
  readonly started: boolean;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function stackUp(say: (line: string) => void = console.log): Promise<UpResult[]> {
  if (process.env.STACK_EXTERNAL === '1') return awaitExternalStack(say);
  const begun = performance.now();
  const paths = stackPaths();
  ensureDebianPackages(say);
  const fetched = await ensureJavaArtifacts(paths, say);
  const endpoints = readEndpoints();
  assertClusterSizeMatchesData(paths, endpoints);
  const components = stackComponents(endpoints);
  const ctx: StackContext = { endpoints, paths, tools: findToolchain(), say };
  if (fetched) say(`artifacts ready in ${seconds(begun).toFixed(1)} s`);

  const done = new Map<string, Promise<UpResult>>();
  const bringUp = (component: Component): Promise<UpResult> => {
    let promise = done.get(component.name);
    if (!promise) {
      promise = (async () => {
        for (const dependency of component.dependsOn) {
          const needed = components.find((c) => c.name === dependency);
          if (needed) await bringUp(needed);
        }
        return startOne(component, ctx);
      })();
      done.set(component.name, promise);
    }
    return promise;
  };
  const outcomes = await Promise.allSettled(components.map(bringUp));
  // A dependent fails with its dependency's error: report each error once.
  const failures = [
    ...new Set(outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []))),
  ];
  if (failures.length > 0) {
    const messages = failures.map((f) => (f instanceof Error ? f.message : String(f)));
    throw new StackError(
      `${messages.join('\n\n')}\n\nThe components that did start are still running; \`npm run stack:down\` stops them.`,
    );
  }
  const results = outcomes.map((o) => (o as PromiseFulfilledResult<UpResult>).value);
  say(`stack ready in ${seconds(begun).toFixed(1)} s`);
  return results;
}

async function startOne(component: Component, ctx: StackContext): Promise<UpResult> {
  const { paths, endpoints, say } = ctx;
  const begun = performance.now();
  const pidFile = paths.pid(component.name);
  const existing = runningPid(pidFile, paths.root);
  let pid = existing;
  if (pid === undefined) {
    for (const { name, port } of component.ports(endpoints))
      await assertPortFree(endpoints.host, port, name);
    await component.prepare(ctx);
    pid = await startDaemon(component.daemon(ctx), paths.log(component.name), pidFile);
    say(`… ${component.name} starting (pid ${pid})`);
  }
  const watched = pid;
  const progress = setInterval(
    () => say(`… still waiting for ${component.name} (${seconds(begun).toFixed(0)} s)`),
    10_000,
  );
  const ready = await waitUntil(() => component.isReady(ctx.endpoints), {
    timeoutMs: component.readyTimeoutMs,
    abortIf: () => (isAlive(watched) ? undefined : 'the process exited'),
  }).finally(() => clearInterval(progress));
  if (!ready.ok) {
    throw new StackError(
      `${component.name} did not become ready: ${ready.reason}.\n` +
        `Last lines of ${paths.log(component.name)}:\n${tail(paths.log(component.name))}`,
    );
  }
  await component.afterReady?.(ctx);
  const took = seconds(begun);
  say(
    `✔ ${component.name.padEnd(9)} ${existing ? 'already running' : `ready in ${took.toFixed(1)} s`.padEnd(15)}  ${component.address(endpoints)}`,
  );
  return { component: component.name, seconds: took, started: existing === undefined };
}

/**
 * STACK_EXTERNAL=1: the components run elsewhere (docker compose, a shared environment);
 * only wait until each answers at its configured address.
 */
async function awaitExternalStack(say: (line: string) => void): Promise<UpResult[]> {
  const endpoints = stackEndpoints(stackPaths());
  return Promise.all(
    stackComponents(endpoints).map(async (component) => {
      const begun = performance.now();
      const ready = await waitUntil(() => component.isReady(endpoints), {
        timeoutMs: component.readyTimeoutMs,
      });
      if (!ready.ok) {
        throw new StackError(
          `${component.name} at ${component.address(endpoints)} is ${ready.reason} (STACK_EXTERNAL=1: it is not started here).`,
        );
      }
      say(`✔ ${component.name.padEnd(9)} answers at ${component.address(endpoints)} (external)`);
      return { component: component.name, seconds: seconds(begun), started: false };
    }),
  );
}
