/**
 * promtool, Prometheus's checker for scrape configurations and alert rules, taken from Debian's
 * `prometheus` package WITHOUT installing it (installing would start a Prometheus daemon): the
 * .deb is fetched with `apt-get download` and unpacked with `dpkg-deb -x` into .stack/dist, kept
 * like the stack's other downloads. Idempotent: a promtool that answers `--version` is reused.
 * `PROMTOOL=/path/to/promtool` uses another one (any Prometheus 2.x promtool).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { StackError } from './errors.js';
import { stackPaths } from './paths.js';

/** Where the unpacked package's promtool lives. */
export function promtoolHome(dist = stackPaths().dist) {
  return path.join(dist, 'prometheus');
}

/** The first line of `promtool --version`, or undefined when `bin` does not run. */
export function promtoolVersion(bin: string): string | undefined {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim();
}

const fetchByHand = (dir: string) =>
  `Fetch it by hand: mkdir -p ${dir} && cd ${dir} && apt-get download prometheus && ` +
  `dpkg-deb -x prometheus_*.deb . (as root, run apt-get update first if the package is not found), ` +
  `or point PROMTOOL at any Prometheus 2.x promtool.`;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** promtool's path: PROMTOOL's, the one unpacked before, or one fetched now. */
export function ensurePromtool(
  say: (line: string) => void = console.log,
  dist = stackPaths().dist,
): string {
  const override = process.env.PROMTOOL;
  if (override) {
    if (!promtoolVersion(override))
      throw new StackError(`PROMTOOL=${override} does not run (\`${override} --version\` failed).`);
    return override;
  }
  const home = promtoolHome(dist);
  const bin = path.join(home, 'usr', 'bin', 'promtool');
  if (existsSync(bin) && promtoolVersion(bin)) return bin;

  say(`fetching promtool: Debian's prometheus package, downloaded and unpacked, not installed …`);
  mkdirSync(dist, { recursive: true });
  // Unpacked beside its final place, then renamed: a run cut short leaves no half a promtool.
  const work = mkdtempSync(path.join(dist, '.prometheus-'));
  try {
    // apt's download sandbox user cannot write into root's folder: download as root instead.
    const asRoot = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
    const download = () => run('apt-get', [...asRoot, 'download', 'prometheus'], work).status;
    if (download() !== 0) {
      if (!asRoot.length)
        throw new StackError(`apt-get download prometheus failed. ${fetchByHand(home)}`);
      say(
        'apt-get download failed: refreshing the package lists (apt-get update) and trying again …',
      );
      run('apt-get', ['update'], work);
      if (download() !== 0)
        throw new StackError(
          `apt-get download prometheus failed twice (see above). ${fetchByHand(home)}`,
        );
    }
    const deb = readdirSync(work).find((f) => /^prometheus_.*\.deb$/.test(f));
    if (!deb)
      throw new StackError(`apt-get download left no prometheus .deb. ${fetchByHand(home)}`);
    const unpacked = path.join(work, 'root');
    if (run('dpkg-deb', ['-x', deb, unpacked], work).status !== 0)
      throw new StackError(`dpkg-deb -x ${deb} failed (see above). ${fetchByHand(home)}`);
    const version = promtoolVersion(path.join(unpacked, 'usr', 'bin', 'promtool'));
    if (!version)
      throw new StackError(`the unpacked ${deb} has no working promtool. ${fetchByHand(home)}`);
    rmSync(home, { recursive: true, force: true });
    renameSync(unpacked, home);
    say(`promtool ready: ${version} (${bin})`);
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
