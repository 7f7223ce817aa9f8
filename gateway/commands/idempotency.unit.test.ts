/** An Idempotency-Key names one request of one user: the same again is a repeat, another is a 422. */
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import {
  assertSameAsDecided,
  fingerprintFromText,
  fingerprintText,
  idempotencyKeys,
  type FingerprintStore,
  type RequestFingerprint,
} from './idempotency.js';
import { ApiError } from '../http/problems.js';

const logger = createLogger('test', 'silent');
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const bid = (maxAmountCents: number, auctionId = A): RequestFingerprint => ({
  kind: 'bid',
  auctionId,
  maxAmountCents,
});
const buyNow = (auctionId = A): RequestFingerprint => ({
  kind: 'buy_now',
  auctionId,
  maxAmountCents: null,
});

/** Like Redis's SET NX GET: the first claim wins, every later one learns what it was. */
function memoryStore(): FingerprintStore & { ids: Map<string, string> } {
  const ids = new Map<string, string>();
  return {
    ids,
    claim(id, fingerprint) {
      const previous = ids.get(id) ?? null;
      if (previous === null) ids.set(id, fingerprint);
      return Promise.resolve(previous);
    },
  };
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('idempotencyKeys', () => {
  it('lets the first request and its exact repeats through, holding the first claim', async () => {
    const store = memoryStore();
    const keys = idempotencyKeys(store, 60, logger);
    await expect(
      keys.claim('alice', 'k1', bid(21_000), 'Idempotency-Key'),
    ).resolves.toBeUndefined();
    await expect(
      keys.claim('alice', 'k1', bid(21_000), 'Idempotency-Key'),
    ).resolves.toBeUndefined();
    expect([...store.ids.values()]).toEqual([fingerprintText(bid(21_000))]);
  });

  it.each([
    ['another amount', bid(50_000)],
    ['another auction', bid(21_000, B)],
    ['buy-now instead of a bid', buyNow()],
  ])('refuses the key reused for %s with 422 naming the key', async (_label, other) => {
    const keys = idempotencyKeys(memoryStore(), 60, logger);
    await keys.claim('alice', 'k1', bid(21_000), 'Idempotency-Key');
    const refusal = await refusalOf(keys.claim('alice', 'k1', other, 'Idempotency-Key'));
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
      extra: { field: 'Idempotency-Key' },
    });
    expect((refusal as Error).message).toContain('"k1"');
    expect((refusal as Error).message).toContain('210.00');
  });

  it('names the field the key came in (the WebSocket’s idempotencyKey)', async () => {
    const keys = idempotencyKeys(memoryStore(), 60, logger);
    await keys.claim('alice', 'k1', bid(100), 'idempotencyKey');
    await expect(keys.claim('alice', 'k1', bid(200), 'idempotencyKey')).rejects.toMatchObject({
      extra: { field: 'idempotencyKey' },
    });
  });

  it('keeps keys per user: another user may use the same key for anything', async () => {
    const store = memoryStore();
    const keys = idempotencyKeys(store, 60, logger);
    await keys.claim('alice', 'k1', bid(100), 'Idempotency-Key');
    await expect(keys.claim('bob', 'k1', bid(900, B), 'Idempotency-Key')).resolves.toBeUndefined();
    expect(store.ids.size).toBe(2);
    // Each user's claim binds their own key: bob's is now his bid, alice's still hers.
    await expect(keys.claim('bob', 'k1', bid(100), 'Idempotency-Key')).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    await expect(keys.claim('alice', 'k1', bid(100), 'Idempotency-Key')).resolves.toBeUndefined();
  });

  it('lets only one of two different concurrent requests under one key through', async () => {
    const keys = idempotencyKeys(memoryStore(), 60, logger);
    const results = await Promise.allSettled([
      keys.claim('alice', 'k1', bid(21_000), 'Idempotency-Key'),
      keys.claim('alice', 'k1', bid(50_000), 'Idempotency-Key'),
      keys.claim('alice', 'k1', bid(99_900), 'Idempotency-Key'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });

  it('stores a short hashed id, not the raw user and key', async () => {
    const store = memoryStore();
    await idempotencyKeys(store, 60, logger).claim('alice', 'a:b\u0000c', bid(1), 'k');
    const [id] = [...store.ids.keys()];
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('goes on (with one warning per interval) when the store cannot answer', async () => {
    const counting = createLogger('test', 'warn');
    const warnings = vi.spyOn(counting, 'warn').mockImplementation(() => undefined);
    const down: FingerprintStore = { claim: () => Promise.reject(new Error('Redis is down')) };
    const keys = idempotencyKeys(down, 60, counting, () => 0);
    await keys.claim('alice', 'k1', bid(1), 'k');
    await keys.claim('alice', 'k1', bid(2), 'k');
    expect(warnings).toHaveBeenCalledTimes(1);
  });
});

describe('assertSameAsDecided (the decided bid in Postgres, when Redis forgot)', () => {
  it('lets the same request through', () => {
    expect(() => assertSameAsDecided('k', bid(100), bid(100), 'Idempotency-Key')).not.toThrow();
    expect(() => assertSameAsDecided('k', buyNow(), buyNow(), 'Idempotency-Key')).not.toThrow();
  });

  it('refuses another amount or another kind', () => {
    for (const other of [bid(101), buyNow()])
      expect(() => assertSameAsDecided('k', bid(100), other, 'Idempotency-Key')).toThrow(
        expect.objectContaining({ status: 422, code: 'idempotency_key_reused' }) as Error,
      );
  });
});

describe('fingerprints', () => {
  it('read back what they wrote, and nothing else', () => {
    for (const f of [bid(12_345), buyNow(B)])
      expect(fingerprintFromText(fingerprintText(f))).toEqual(f);
    expect(fingerprintFromText('not json')).toBeUndefined();
    expect(fingerprintFromText('["sell","x",1]')).toBeUndefined();
  });
});
