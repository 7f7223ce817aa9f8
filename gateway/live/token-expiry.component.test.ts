/**
 * A signed-in WebSocket ends with its token (issue 22, §4: 9 s after a 5 s token expired, a bid
 * on the open socket was still accepted). Short-lived tokens, real clock: the token's `exp` is
 * whole seconds, so a 2 s token expires between one and two seconds after it is issued (a 1 s
 * one might expire before the upgrade).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { decodeJwt } from 'jose';
import { issueToken } from '../access/auth.js';
import { published } from '../testing/in-memory-ports.js';
import {
  TEST_TOKENS,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';
import { liveClient } from './live-test-client.js';
import { CLOSE_TOKEN_EXPIRED } from './token-expiry.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
afterEach(() => vi.useRealTimers());

/** The real timer, whatever a test fakes. */
const realSetTimeout = globalThis.setTimeout;

/** A client signed in with a token that lives `ttlSeconds`; its expiry in epoch ms. */
async function shortLived(userId: string, ttlSeconds: number) {
  const token = await issueToken(TEST_TOKENS, userId, ttlSeconds);
  const expiresAtMs = decodeJwt(token).exp! * 1000;
  const client = await liveClient({ wsUrl: gw.wsUrl, token: () => Promise.resolve(token) }, userId);
  expect(await client.next()).toEqual({ type: 'welcome', userId, mode: 'drop' });
  return { ...client, expiresAtMs };
}

/** The socket's close code, reason and time, within `ms`. */
const closed = (socket: WebSocket, ms: number) =>
  new Promise<{ code: number; reason: string; at: number }>((resolve, reject) => {
    const timer = realSetTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms);
    socket.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString('utf8'), at: Date.now() });
    });
  });

const EXPIRED = {
  type: 'error',
  code: 'unauthorized',
  status: 401,
  detail: 'The token has expired: this connection is closed; reconnect with a fresh token.',
};

describe('a signed-in connection whose token expires', () => {
  it('is told and closed with 4401 at the expiry; a fresh token connects again', async () => {
    const alice = await shortLived('alice', 2);
    const end = closed(alice.socket, 4000);
    expect(await alice.next()).toEqual(EXPIRED);
    const { code, reason, at } = await end;
    expect(code).toBe(CLOSE_TOKEN_EXPIRED);
    expect(reason).toBe('token expired: reconnect with a fresh token');
    expect(at).toBeGreaterThanOrEqual(alice.expiresAtMs);

    const again = await liveClient(gw, 'alice');
    try {
      expect(await again.next()).toEqual({ type: 'welcome', userId: 'alice', mode: 'drop' });
    } finally {
      again.close();
    }
  });

  it('refuses a bid sent after the expiry even before the timer fires: nothing published', async () => {
    const A = randomUUID();
    gw.world.put(openAuction(A));
    gw.publisher.commands.length = 0;
    // The gateway's expiry timer never fires here: only the check on arrival can refuse the bid.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });
    const bob = await shortLived('bob', 2);
    await new Promise((resolve) => realSetTimeout(resolve, bob.expiresAtMs - Date.now() + 5));
    expect(Date.now()).toBeGreaterThanOrEqual(bob.expiresAtMs);

    const end = closed(bob.socket, 4000);
    bob.send({
      type: 'bid',
      auctionId: A,
      maxAmount: '20',
      idempotencyKey: 'late',
      requestId: 'r1',
    });
    expect(await bob.next()).toEqual({ ...EXPIRED, requestId: 'r1' });
    expect((await end).code).toBe(CLOSE_TOKEN_EXPIRED);
    expect(published(gw.publisher)).toEqual([]);
  });

  it('acts for the user until then: a bid before the expiry is received', async () => {
    const A = randomUUID();
    gw.world.put(openAuction(A));
    const carol = await shortLived('carol', 60);
    try {
      carol.send({ type: 'bid', auctionId: A, maxAmount: '20', idempotencyKey: 'early' });
      expect(await carol.next()).toMatchObject({ type: 'bid_received', repeat: false });
    } finally {
      carol.close();
    }
  });
});
