/**
 * What the stack needs from the machine, found or installed: Debian packages (PostgreSQL,
 * Redis, kcat), a Java runtime for Kafka and one of 21+ for Apicurio, and the Java artifacts
 * fetched from Maven Central by stack/pom.xml (cached in ~/.m2 and in .stack/dist).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StackError } from './errors.js';
import { PROJECT_ROOT, type StackPaths } from './paths.js';

export interface Toolchain {
  readonly postgresBin: string;
  readonly redisServer: string;
  /** Java for Kafka and Connect (17+). */
  readonly java: string;
  /** Java for Apicurio Registry 3.3 (21+). */
  readonly registryJava: string;
}

const DEBIAN_PACKAGES: { readonly bin: () => string | undefined; readonly pkg: string }[] = [
  { bin: () => findPostgresBin(), pkg: 'postgresql' },
  { bin: () => which('redis-server'), pkg: 'redis-server' },
  { bin: () => which('kcat'), pkg: 'kcat' },
  { bin: () => which('mvn'), pkg: 'maven' },
];

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The newest Debian PostgreSQL's bin folder, or STACK_POSTGRES_BIN. */
function findPostgresBin(): string | undefined {
  const override = process.env.STACK_POSTGRES_BIN;
  if (override) return existsSync(path.join(override, 'postgres')) ? override : undefined;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

/** Installs missing Debian packages when running as root; otherwise says what to run. */
export function ensureDebianPackages(
  say: (line: string) => void,
  packages: readonly {
    readonly bin: () => string | undefined;
    readonly pkg: string;
  }[] = DEBIAN_PACKAGES,
) {
  const missing = packages.filter((p) => !p.bin()).map((p) => p.pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new StackError(
      `Missing Debian packages: ${missing.join(', ')}. Install them with: sudo sh -c '${command}'`,
    );
  }
  say(`installing Debian packages: ${missing.join(', ')} …`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new StackError(
      `Installing ${missing.join(', ')} failed (exit ${result.status}). Run by hand: ${command}`,
    );
  }
}

/** Debian's Chromium, for the browser tests (playwright-core drives it; it downloads no browser). */
export function ensureChromium(say: (line: string) => void): string {
  ensureDebianPackages(say, [{ bin: () => which('chromium'), pkg: 'chromium' }]);
  return which('chromium')!;
}

function javaMajor(javaHome: string): number | undefined {
  try {
    const release = readFileSync(path.join(javaHome, 'release'), 'utf8');
    const version = /JAVA_VERSION="(\d+)/.exec(release)?.[1];
    return version ? Number(version) : undefined;
  } catch {
    return undefined;
  }
}

/** The java binary of the first JDK/JRE of at least `minimum`, preferring the variable's. */
function findJava(minimum: number, variable: string): string | undefined {
  const homes = [process.env[variable], process.env.JAVA_HOME].filter((h): h is string => !!h);
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    const installed = readdirSync(jvmRoot).map((d) => path.join(jvmRoot, d));
    // Prefer the oldest JDK that qualifies: the most conservative runtime for each component.
    installed.sort((a, b) => (javaMajor(a) ?? 0) - (javaMajor(b) ?? 0));
    homes.push(...installed);
  }
  for (const home of homes) {
    const major = javaMajor(home);
    const bin = path.join(home, 'bin', 'java');
    if (major !== undefined && major >= minimum && existsSync(bin)) return bin;
  }
  return undefined;
}

export function findToolchain(): Toolchain {
  const postgresBin = findPostgresBin();
  const redisServer = which('redis-server');
  if (!postgresBin || !redisServer) {
    throw new StackError(
      'PostgreSQL or Redis binaries are missing: run `npm run stack:up` as root once to install them.',
    );
  }
  const java = findJava(17, 'STACK_JAVA_HOME');
  if (!java) {
    throw new StackError(
      'Kafka needs Java 17 or newer: install openjdk-17-jre-headless or set STACK_JAVA_HOME.',
    );
  }
  const registryJava = findJava(21, 'STACK_REGISTRY_JAVA_HOME');
  if (!registryJava) {
    throw new StackError(
      'Apicurio Registry 3.3 needs Java 21 or newer and none was found under /usr/lib/jvm. ' +
        'Install a JDK 21+ (for example Temurin) and point STACK_REGISTRY_JAVA_HOME at it.',
    );
  }
  return { postgresBin, redisServer, java, registryJava };
}

/**
 * Fetches the Java artifacts with Maven unless .stack/dist already holds the ones the current
 * pom.xml describes. Maven keeps its downloads in ~/.m2, so even a purge re-downloads nothing.
 */
export async function ensureJavaArtifacts(paths: StackPaths, say: (line: string) => void) {
  const pom = path.join(PROJECT_ROOT, 'stack', 'pom.xml');
  const digest = createHash('sha256').update(readFileSync(pom)).digest('hex');
  const complete =
    existsSync(paths.registryApp) &&
    existsSync(paths.kafkaLibs) &&
    existsSync(paths.pomStamp) &&
    readFileSync(paths.pomStamp, 'utf8').trim() === digest;
  if (complete) return false;
  say(
    'fetching Kafka, Kafka Connect, Debezium and Apicurio from Maven Central (cached in ~/.m2) …',
  );
  // Versions changed (or a fetch was cut short): start from an empty dist so no stale jar lingers.
  await rm(paths.dist, { recursive: true, force: true });
  try {
    execFileSync('mvn', ['-B', '-q', '-f', pom, 'package', `-Dstack.home=${paths.root}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    throw new StackError(
      `Maven could not fetch the stack's Java artifacts (see the output above). Check that Maven Central is reachable, then run again.`,
    );
  }
  await writeFile(paths.pomStamp, `${digest}\n`);
  return true;
}
