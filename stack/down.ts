/** `stack:down [--purge]`: stops every component the stack started, by pid, dependents first. */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { COMPONENTS } from './components/index.js';
import { stackPaths } from './paths.js';
import { removePidFile, runningPid, stopProcess } from './processes.js';

export async function stackDown(
  options: { purge: boolean },
  say: (line: string) => void = console.log,
) {
  const paths = stackPaths();
  for (const component of [...COMPONENTS].reverse()) {
    const pidFile = paths.pid(component.name);
    const pid = runningPid(pidFile, paths.root);
    if (pid !== undefined) {
      const began = performance.now();
      const how = await stopProcess(pid, component.stopSignal);
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
