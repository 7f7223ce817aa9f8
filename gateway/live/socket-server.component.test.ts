/**
 * The WebSocket protocol in this process: the socket server on an ephemeral port, the in-memory
 * ports behind it and a fake event source in front (what the Kafka feed does). The expected
 * messages are the README's "live feed" table, written out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventDataByType, EventType } from '../../contracts/events.js';
import { anEvent } from '../testing/events.js';
import { published } from '../testing/in-memory-ports.js';
import { liveClient, type Message } from './live-test-client.js';
import {
  BUY_NOW_50,
  MISSING_AUCTION,
  aUuid,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

let gw: TestGateway;
let A: string;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  A = randomUUID();
  gw.world.put(openAuction(A));
  gw.publisher.commands.length = 0;
});

const connect = (userId: string | undefined, query = '') => liveClient(gw, userId, query);
type Client = Awaited<ReturnType<typeof connect>>;

const event = <K extends EventType>(
  sequence: number,
  type: K,
  data: Partial<EventDataByType[K]> = {},
) => anEvent(type, A, sequence, data);

let client: Client;
beforeEach(async () => {
  client = await connect('alice');
  expect(await client.next()).toEqual({ type: 'welcome', userId: 'alice', mode: 'drop' });
  return () => client.close();
});

describe('auth', () => {
  it.each([
    ['with an empty token', ''],
    ['with a token signed by someone else', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('refuses the upgrade with 401 %s', async (_label, token) => {
    const attempt = new Promise((resolve, reject) => {
      const socket = new WebSocket(`${gw.wsUrl}?token=${token}`);
      socket.once('open', resolve);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    await expect(attempt).rejects.toThrow('upgrade refused: 401');
  });
});

describe('subscribe', () => {
  it('sends the history after afterSequence, then subscribed, then live events in sequence', async () => {
    await gw.emit(event(1, 'AuctionCreated'));
    await gw.emit(event(2, 'BidAccepted', { bidderId: 'bob', leading: true }));

    client.send({ type: 'subscribe', auctionId: A, afterSequence: 0 });
    expect(await client.next()).toMatchObject({
      type: 'event',
      auctionId: A,
      sequence: 1,
      eventType: 'AuctionCreated',
    });
    expect(await client.next()).toMatchObject({
      type: 'event',
      sequence: 2,
      eventType: 'BidAccepted',
    });
    expect(await client.next()).toEqual({ type: 'subscribed', auctionId: A, sequence: 2 });

    const outbid = event(3, 'Outbid', { bidderId: 'carol', leaderId: 'bob' });
    await gw.emit(outbid);
    expect(await client.next()).toEqual({
      type: 'event',
      auctionId: A,
      sequence: 3,
      eventType: 'Outbid',
      // The published record, envelope and data side by side, but for the correlation id of the request behind it.
      event: { ...outbid.metadata, correlationId: undefined, ...outbid.data },
    });
  });

  it('without afterSequence starts from now: no history', async () => {
    await gw.emit(event(1, 'AuctionCreated'));
    client.send({ type: 'subscribe', auctionId: A });
    expect(await client.next()).toEqual({ type: 'subscribed', auctionId: A, sequence: 1 });
    await gw.emit(event(2, 'AuctionExtended', { newEndsAt: 1 }));
    expect(await client.next()).toMatchObject({ type: 'event', sequence: 2 });
  });

  it('a subscribe to an auction that does not exist gets auction_not_found naming it; the others are subscribed', async () => {
    client.send({ type: 'subscribe', auctionId: MISSING_AUCTION });
    client.send({ type: 'subscribe', auctionId: A });
    const answers = [await client.next(), await client.next()];
    expect(answers).toHaveLength(2);
    expect(answers).toEqual(
      expect.arrayContaining([
        {
          type: 'error',
          code: 'auction_not_found',
          status: 404,
          auctionId: MISSING_AUCTION,
          detail: `There is no auction ${MISSING_AUCTION}: nothing to subscribe to.`,
        },
        { type: 'subscribed', auctionId: A, sequence: 0 },
      ]),
    );
    // The existing one streams; the missing one holds no subscription.
    await gw.emit(event(1, 'AuctionExtended', { newEndsAt: 1 }));
    expect(await client.next()).toMatchObject({ type: 'event', auctionId: A, sequence: 1 });
  });

  it('an unknown auction takes no place under the subscription cap', async () => {
    const capped = await startTestGateway({ maxSubscriptionsPerConnection: 1 });
    try {
      capped.world.put(openAuction(A));
      const visitor = await liveClient(capped, undefined);
      await visitor.next(); // welcome
      visitor.send({ type: 'subscribe', auctionId: MISSING_AUCTION });
      expect(await visitor.next()).toMatchObject({ type: 'error', code: 'auction_not_found' });
      visitor.send({ type: 'subscribe', auctionId: A });
      expect(await visitor.next()).toEqual({ type: 'subscribed', auctionId: A, sequence: 0 });
      visitor.close();
    } finally {
      await capped.close();
    }
  });

  it('an auction the gateway learnt of from its events may be subscribed to', async () => {
    const B = randomUUID();
    await gw.emit(anEvent('AuctionCreated', B, 1, {}));
    client.send({ type: 'subscribe', auctionId: B });
    expect(await client.next()).toEqual({ type: 'subscribed', auctionId: B, sequence: 1 });
  });

  it('unsubscribe stops the events', async () => {
    client.send({ type: 'subscribe', auctionId: A });
    expect(await client.next()).toMatchObject({ type: 'subscribed' });
    client.send({ type: 'unsubscribe', auctionId: A });
    expect(await client.next()).toEqual({ type: 'unsubscribed', auctionId: A });
    await gw.emit(event(1, 'AuctionCreated'));
    client.send({ type: 'ping' });
    expect(await client.next()).toEqual({ type: 'pong' });
  });
});

describe('bid and buy_now', () => {
  it('a bid is received with its id, then its decision comes as a notification', async () => {
    client.send({
      type: 'bid',
      auctionId: A,
      maxAmount: '12.50',
      idempotencyKey: 'ws-1',
      requestId: 'r1',
    });
    const received = await client.next();
    expect(received).toEqual({
      type: 'bid_received',
      requestId: 'r1',
      bidId: aUuid(),
      repeat: false,
    });
    expect(published(gw.publisher)).toEqual([
      {
        type: 'PlaceBid',
        auctionId: A,
        fields: expect.objectContaining({
          bidId: received.bidId,
          issuedBy: 'alice',
          maxAmountCents: 1250,
          idempotencyKey: 'ws-1',
        }) as Message,
      },
    ]);

    await gw.emit(
      event(1, 'BidAccepted', {
        bidId: String(received.bidId),
        bidderId: 'alice',
        leading: true,
        visiblePriceCents: 1000,
      }),
    );
    expect(await client.next()).toEqual({
      type: 'notification',
      auctionId: A,
      sequence: 1,
      kind: 'leading',
      visiblePriceCents: 1000,
    });
  });

  it('a rejected bid is told to its bidder with the code and status HTTP answers', async () => {
    client.send({ type: 'bid', auctionId: A, maxAmount: 5, idempotencyKey: 'ws-2' });
    const bidId = String((await client.next()).bidId);
    await gw.emit(
      event(1, 'BidRejected', {
        bidId,
        bidderId: 'alice',
        reason: 'below_starting_price',
        visiblePriceCents: 1000,
      }),
    );
    expect(await client.next()).toEqual({
      type: 'notification',
      auctionId: A,
      sequence: 1,
      kind: 'rejected',
      bidId,
      code: 'below_starting_price',
      status: 422,
      visiblePriceCents: 1000,
    });
  });

  it('buy_now is received with its id', async () => {
    gw.world.put(openAuction(A, BUY_NOW_50));
    client.send({ type: 'buy_now', auctionId: A, idempotencyKey: 'ws-3', requestId: 'b1' });
    expect(await client.next()).toEqual({
      type: 'buy_now_received',
      requestId: 'b1',
      bidId: aUuid(),
      repeat: false,
    });
    expect(published(gw.publisher).map((c) => c.type)).toEqual(['BuyNow']);
  });

  it('a refused bid gets an error with the code and status HTTP answers; the socket stays open', async () => {
    const sellerClient = await connect('seller-1');
    try {
      await sellerClient.next(); // welcome
      sellerClient.send({
        type: 'bid',
        auctionId: A,
        maxAmount: '20',
        idempotencyKey: 'own',
        requestId: 'r9',
      });
      expect(await sellerClient.next()).toEqual({
        type: 'error',
        code: 'seller_cannot_bid',
        status: 403,
        detail: 'The seller cannot bid on or buy their own item.',
        requestId: 'r9',
      });
      sellerClient.send({ type: 'ping' });
      expect(await sellerClient.next()).toEqual({ type: 'pong' });
    } finally {
      sellerClient.close();
    }
  });
});

describe('malformed messages', () => {
  it.each([
    ['text that is not JSON', 'hello', 'the message is not valid JSON'],
    ['an unknown field', { type: 'ping', extra: 1 }, 'message: Unrecognized key: "extra"'],
  ])('%s gets an invalid_message error naming the problem', async (_label, message, detail) => {
    client.send(message);
    expect(await client.next()).toEqual({ type: 'error', code: 'invalid_message', detail });
  });

  it('an auction id that is not a uuid is named in the detail', async () => {
    client.send({ type: 'subscribe', auctionId: 'nope' });
    const error = await client.next();
    expect(error).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect(String(error.detail)).toMatch(/^auctionId: /);
  });

  it('a bad amount is named, with the requestId echoed', async () => {
    client.send({
      type: 'bid',
      auctionId: A,
      maxAmount: '1.234',
      idempotencyKey: 'k',
      requestId: 'r2',
    });
    expect(await client.next()).toEqual({
      type: 'error',
      code: 'invalid_message',
      detail: 'maxAmount: too_precise',
      requestId: 'r2',
    });
  });

  it('ping gets pong', async () => {
    client.send({ type: 'ping' });
    expect(await client.next()).toEqual({ type: 'pong' });
  });
});
