/**
 * Idempotency as Stripe defines it: an Idempotency-Key belongs to the user who sent it, and
 * names one request. Repeating that request gets the original decision; reusing the key for a
 * different request (another amount, another auction, buy-now instead of a bid) is refused with
 * 422 `idempotency_key_reused`, naming the key.
 *
 * Two records hold the first request of a key:
 * - Redis: the request's fingerprint under (user, key), claimed atomically with SET NX (and GET,
 *   so the one round trip also returns an earlier claim) for IDEMPOTENCY_KEY_TTL_SECONDS;
 * - Postgres: the decided bid (the processor's bid_decisions row under the bid id derived from
 *   user, auction and key) with its kind and maximum, so a changed amount on the same auction is
 *   refused even after Redis forgot the key.
 * If Redis cannot answer, the request goes on with the Postgres check only (and a warning).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger.js';
import { formatCents } from './money.js';
import { unprocessable } from '../http/problems.js';

/** What makes two requests under one key the same request. */
export interface RequestFingerprint {
  readonly kind: 'bid' | 'buy_now';
  readonly auctionId: string;
  /** The bid's maximum; null for buy-now. */
  readonly maxAmountCents: number | null;
}

export const fingerprintText = (f: RequestFingerprint) =>
  JSON.stringify([f.kind, f.auctionId, f.maxAmountCents]);

export function fingerprintFromText(text: string): RequestFingerprint | undefined {
  try {
    const [kind, auctionId, maxAmountCents] = JSON.parse(text) as unknown[];
    if ((kind !== 'bid' && kind !== 'buy_now') || typeof auctionId !== 'string') return undefined;
    if (maxAmountCents !== null && typeof maxAmountCents !== 'number') return undefined;
    return { kind, auctionId, maxAmountCents };
  } catch {
    return undefined;
  }
}

export const sameRequest = (a: RequestFingerprint, b: RequestFingerprint) =>
  a.kind === b.kind && a.auctionId === b.auctionId && a.maxAmountCents === b.maxAmountCents;

function describe(f: RequestFingerprint) {
  return f.kind === 'buy_now'
    ? `buy-now on auction ${f.auctionId}`
    : `a bid of ${formatCents(f.maxAmountCents ?? 0)} on auction ${f.auctionId}`;
}

/** The 422 for `key` first used for `first`, now sent with `now`. */
export function keyReused(
  key: string,
  first: RequestFingerprint | undefined,
  now: RequestFingerprint,
  field: string,
) {
  const earlier = first ? ` (${describe(first)})` : '';
  return unprocessable(
    'idempotency_key_reused',
    `Idempotency-Key ${JSON.stringify(key)} was already used for another request${earlier}; this one is ${describe(now)}. Use a new key for a new request.`,
    field,
  );
}

/** Throws the 422 if the decided bid under this key was a different request. */
export function assertSameAsDecided(
  key: string,
  decided: RequestFingerprint,
  request: RequestFingerprint,
  field: string,
) {
  if (!sameRequest(decided, request)) throw keyReused(key, decided, request, field);
}

/** Where fingerprints are claimed: the narrow port over Redis. */
export interface FingerprintStore {
  /** Stores `fingerprint` under `id` unless one is there; returns the one that was there, if any. */
  claim(id: string, fingerprint: string, ttlSeconds: number): Promise<string | null>;
}

export function redisFingerprintStore(redis: Redis, prefix: string): FingerprintStore {
  return {
    async claim(id, fingerprint, ttlSeconds) {
      // Redis ≥ 7: NX with GET sets only if absent and returns what was there, atomically.
      const previous = (await redis.call(
        'SET',
        `${prefix}:idempotency:${id}`,
        fingerprint,
        'NX',
        'GET',
        'EX',
        String(ttlSeconds),
      )) as string | null;
      return previous;
    },
  };
}

const FAIL_OPEN_WARNING_EVERY_MS = 10_000;

export interface IdempotencyKeys {
  /** Claims `key` of `userId` for `request`; throws 422 if it was claimed for another request. */
  claim(userId: string, key: string, request: RequestFingerprint, field: string): Promise<void>;
}

export function idempotencyKeys(
  store: FingerprintStore,
  ttlSeconds: number,
  logger: Logger,
  now: () => number = Date.now,
): IdempotencyKeys {
  let lastWarningAt = -Infinity;
  return {
    async claim(userId, key, request, field) {
      // Hashed: the Redis key stays short and free of whatever characters the header held.
      const id = createHash('sha256').update(`${userId}\u0000${key}`).digest('base64url');
      let previous: string | null;
      try {
        previous = await store.claim(id, fingerprintText(request), ttlSeconds);
      } catch (error) {
        if (now() - lastWarningAt >= FAIL_OPEN_WARNING_EVERY_MS) {
          lastWarningAt = now();
          logger.warn(
            { err: error },
            'idempotency keys unavailable (Redis?): only decided bids are checked for a reused key',
          );
        }
        return;
      }
      if (previous === null || previous === fingerprintText(request)) return;
      throw keyReused(key, fingerprintFromText(previous), request, field);
    },
  };
}
