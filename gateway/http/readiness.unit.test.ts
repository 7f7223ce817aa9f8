/** /ready's checks: Redis is one of them, beside Kafka, Postgres and the registry. */
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dependencyChecks, runChecks, type Pingable } from './readiness.js';

/** Every dependency answers except, perhaps, Redis. */
function checksWith(redis: Pingable) {
  const { registry: _registry, ...checks } = dependencyChecks({
    kafka: { describeCluster: () => Promise.resolve({ brokers: [{}] }) } as unknown as Admin,
    db: { query: () => Promise.resolve({ rows: [] }) } as unknown as pg.Pool,
    redis,
    registryUrl: 'http://registry.invalid',
  });
  return checks;
}

describe('dependencyChecks', () => {
  it('reports Redis beside Kafka and Postgres', async () => {
    const result = await runChecks(checksWith({ ping: () => Promise.resolve('PONG') }));
    expect(result).toEqual({
      ok: true,
      checks: { kafka: { ok: true }, postgres: { ok: true }, redis: { ok: true } },
    });
  });

  it('is not ready while Redis does not answer, and says why', async () => {
    const down = { ping: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) };
    const result = await runChecks(checksWith(down));
    expect(result.ok).toBe(false);
    expect(result.checks.redis).toEqual({
      ok: false,
      error: 'connect ECONNREFUSED 127.0.0.1:6379',
    });
  });

  it('is not ready while Redis hangs', async () => {
    const hung = { ping: () => new Promise<string>(() => undefined) };
    const result = await runChecks(checksWith(hung), 50);
    expect(result.checks.redis).toEqual({ ok: false, error: 'no answer within 50 ms' });
  });
});
