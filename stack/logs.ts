/** `stack:logs [component] [--follow]`: the component logs, or all of them. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { COMPONENTS } from './components/index.js';
import { StackError } from './errors.js';
import { stackPaths } from './paths.js';

export async function stackLogs(
  component: string | undefined,
  options: { follow: boolean; lines: number },
) {
  const paths = stackPaths();
  const names = component ? [component] : COMPONENTS.map((c) => c.name);
  const unknown = names.filter((n) => !COMPONENTS.some((c) => c.name === n));
  if (unknown.length > 0) {
    throw new StackError(
      `Unknown component "${unknown[0]}". Known: ${COMPONENTS.map((c) => c.name).join(', ')}.`,
    );
  }
  const files = names.map((n) => paths.log(n)).filter((f) => existsSync(f));
  if (files.length === 0)
    throw new StackError('No logs yet: the stack has not been started (`npm run stack:up`).');
  const args = [...(options.follow ? ['-F'] : []), '-n', String(options.lines), ...files];
  await new Promise<void>((resolve) =>
    spawn('tail', args, { stdio: 'inherit' }).on('exit', () => resolve()),
  );
}
