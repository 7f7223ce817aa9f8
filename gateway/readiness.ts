/** The gateway's view of its dependencies, for `/ready`: each check answers within a timeout. */
import type { Admin } from 'kafkajs';
import type pg from 'pg';

export type Check = () => Promise<void>;
export type CheckResult = { ok: true } | { ok: false; error: string };

export interface Dependencies {
  readonly kafka: Admin;
  readonly db: pg.Pool;
  readonly registryUrl: string;
}

export function dependencyChecks({ kafka, db, registryUrl }: Dependencies): Record<string, Check> {
  return {
    kafka: async () => {
      const cluster = await kafka.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no broker in the cluster metadata');
    },
    postgres: async () => {
      await db.query('SELECT 1');
    },
    registry: async () => {
      const response = await fetch(`${registryUrl}/subjects`, {
        signal: AbortSignal.timeout(2000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  };
}

/** Runs every check in parallel; each fails on its own after `timeoutMs`. */
export async function runChecks(checks: Record<string, Check>, timeoutMs = 2000) {
  const results: Record<string, CheckResult> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      results[name] = await runCheck(check, timeoutMs);
    }),
  );
  return { ok: Object.values(results).every((r) => r.ok), checks: results };
}

async function runCheck(check: Check, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
