/**
 * `stack:down [component] [--purge]`: stops every component the stack started (or just the one
 * named), by pid, dependents first. `stack:up` starts whatever is stopped again.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { stackEndpoints } from './cluster-size.js';
import type { Component } from './component.js';
import { stackComponents } from './components/index.js';
import { StackError } from './errors.js';
import { stackPaths } from './paths.js';
import { removePidFile, runningPid, stopProcess } from './processes.js';

export async function stackDown(
  options: { purge: boolean; only?: string },
  say: (line: string) => void = console.log,
) {
  if (options.only !== undefined && options.purge)
    throw new StackError('--purge removes the whole stack’s data: use it without a component.');
  const paths = stackPaths();
  const components = stackComponents(stackEndpoints(paths));
  const chosen =
    options.only === undefined ? components : [componentNamed(components, options.only)];
  for (const component of [...chosen].reverse()) {
    const pidFile = paths.pid(component.name);
    const pid = runningPid(pidFile, paths.root);
    if (pid !== undefined) {
      const began = performance.now();
      const how = await stopProcess(pid, component.stopSignal, {
        graceMs: 15_000,
        ...(component.forceSignal ? { forceSignal: component.forceSignal } : {}),
      });
      say(
        `■ ${component.name.padEnd(9)} ${how} (pid ${pid}, ${((performance.now() - began) / 1000).toFixed(1)} s)`,
      );
    }
    await removePidFile(pidFile);
  }
  if (options.purge) {
    // Everything but the downloads goes: data, logs, configuration, pid files.
    const entries = await readdir(paths.root).catch(() => [] as string[]);
    for (const entry of entries.filter((e) => e !== path.basename(paths.dist))) {
      await rm(path.join(paths.root, entry), { recursive: true, force: true });
    }
    say(`purged the stack's data under ${paths.root} (downloads kept in ${paths.dist})`);
  }
}

function componentNamed(components: readonly Component[], name: string) {
  const component = components.find((c) => c.name === name);
  if (!component)
    throw new StackError(
      `there is no component "${name}"; the components are ${components.map((c) => c.name).join(', ')}`,
    );
  return component;
}
