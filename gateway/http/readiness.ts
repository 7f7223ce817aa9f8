/**
 * The gateway's view of its dependencies, for `/ready`: each check answers within a timeout.
 * Besides Kafka, Postgres, Redis and the registry, `deciding` says whether the processors still decide
 * the commands this gateway accepts (a 202 is a promise that they will).
 */
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { describeStalls, judgeDeciding, type Waiting } from '../../platform/deciding-stall.js';
import { loadStoredOffsets } from '../../processors/read-side.js';

export type Check = () => Promise<void>;
export type CheckResult = { ok: true } | { ok: false; error: string };

/** The one Redis call the check makes (ioredis answers PONG). */
export interface Pingable {
  ping(): Promise<string>;
}

export interface Dependencies {
  readonly kafka: Admin;
  readonly db: pg.Pool;
  /** Rate limits and idempotency keys: without Redis every bid is refused. */
  readonly redis: Pingable;
  readonly registryUrl: string;
  /** Check that deciding goes on: the commands topic, and how long a partition may stand still. */
  readonly deciding?: { readonly commandsTopic: string; readonly stallMs: number };
}

export function dependencyChecks({
  kafka,
  db,
  redis,
  registryUrl,
  deciding,
}: Dependencies): Record<string, Check> {
  return {
    ...(deciding
      ? { deciding: decidingCheck(kafka, db, deciding.commandsTopic, deciding.stallMs) }
      : {}),
    kafka: async () => {
      const cluster = await kafka.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no broker in the cluster metadata');
    },
    postgres: async () => {
      await db.query('SELECT 1');
    },
    redis: async () => {
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`PING answered ${JSON.stringify(answer)}`);
    },
    registry: async () => {
      const response = await fetch(`${registryUrl}/subjects`, {
        signal: AbortSignal.timeout(2000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  };
}

/**
 * Fails while a partition of the commands topic has commands waiting and the offset the
 * processors stored for it has not moved for `stallMs`, as seen by this check's own calls (so
 * the first call after a quiet hour never reports a stall that a moment would have cleared).
 */
export function decidingCheck(
  kafka: Pick<Admin, 'fetchTopicOffsets'>,
  db: Pick<pg.Pool, 'query'>,
  commandsTopic: string,
  stallMs: number,
  now: () => number = Date.now,
): Check {
  let waiting: ReadonlyMap<number, Waiting> = new Map();
  return async () => {
    const [ends, stored] = await Promise.all([
      kafka.fetchTopicOffsets(commandsTopic),
      loadStoredOffsets(db, commandsTopic),
    ]);
    const judged = judgeDeciding(
      waiting,
      ends.map((e) => ({ ends: e, storedOffset: stored.get(e.partition) ?? null })),
      now(),
      stallMs,
    );
    waiting = judged.waiting;
    if (judged.stalled.length > 0) throw new Error(describeStalls(judged.stalled));
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
