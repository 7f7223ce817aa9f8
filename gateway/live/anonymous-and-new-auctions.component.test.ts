/**
 * The live feed for visitors who are not signed in, and the feed of new auctions: an anonymous
 * connection (no token) is read-only, with the same caps; anyone may follow new auctions.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDataByType, EventType } from '../../contracts/events.js';
import { anEvent } from '../testing/events.js';
import { liveClient } from './live-test-client.js';
import { openAuction, startTestGateway, type TestGateway } from '../testing/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const event = <K extends EventType>(
  auctionId: string,
  sequence: number,
  type: K,
  data: Partial<EventDataByType[K]> = {},
) => anEvent(type, auctionId, sequence, data);

/** A client, its welcome already read. */
async function connected(userId: string | undefined) {
  const client = await liveClient(gw, userId);
  await client.next();
  return client;
}

describe('an anonymous connection', () => {
  it('is welcomed without a user, and receives the events of the auctions it subscribes to', async () => {
    const A = randomUUID();
    gw.world.put(openAuction(A));
    const visitor = await liveClient(gw, undefined);
    try {
      expect(await visitor.next()).toEqual({ type: 'welcome', userId: null, mode: 'drop' });
      visitor.send({ type: 'subscribe', auctionId: A });
      expect(await visitor.next()).toEqual({ type: 'subscribed', auctionId: A, sequence: 0 });
      await gw.emit(
        event(A, 1, 'BidAccepted', { bidderId: 'bob', leading: true, visiblePriceCents: 1000 }),
      );
      expect(await visitor.next()).toMatchObject({
        type: 'event',
        auctionId: A,
        sequence: 1,
        eventType: 'BidAccepted',
        event: { visiblePriceCents: 1000 },
      });
    } finally {
      visitor.close();
    }
  });

  it.each(['bid', 'buy_now'] as const)(
    'may not %s: a 401 error, nothing published, and the socket stays open',
    async (type) => {
      const A = randomUUID();
      gw.world.put(openAuction(A));
      gw.publisher.commands.length = 0;
      const visitor = await connected(undefined);
      try {
        visitor.send({
          type,
          auctionId: A,
          idempotencyKey: 'anon-1',
          requestId: 'r1',
          ...(type === 'bid' ? { maxAmount: '20' } : {}),
        });
        expect(await visitor.next()).toEqual({
          type: 'error',
          code: 'unauthorized',
          status: 401,
          detail: 'sign in to bid: this connection is read-only',
          requestId: 'r1',
        });
        expect(gw.publisher.commands).toEqual([]);
        visitor.send({ type: 'ping' });
        expect(await visitor.next()).toEqual({ type: 'pong' });
      } finally {
        visitor.close();
      }
    },
  );
});

describe('the feed of new auctions', () => {
  it('sends each AuctionCreated to whoever follows it, signed in or not, until they stop', async () => {
    const visitor = await connected(undefined);
    const member = await connected('dora');
    const bystander = await connected('eve');
    try {
      for (const client of [visitor, member]) {
        client.send({ type: 'subscribe_auctions' });
        expect(await client.next()).toEqual({ type: 'subscribed', feed: 'auctions' });
      }
      const A = randomUUID();
      const created = event(A, 1, 'AuctionCreated', { title: 'Brass telescope', sellerId: 's' });
      await gw.emit(created);
      for (const client of [visitor, member])
        expect(await client.next()).toEqual({
          type: 'auction_created',
          auctionId: A,
          sequence: 1,
          // The published record, but for the correlation id of the request behind it.
          event: { ...created.metadata, correlationId: undefined, ...created.data },
        });
      // Other events of that auction are not part of this feed.
      await gw.emit(event(A, 2, 'AuctionExtended', { newEndsAt: 1 }));

      visitor.send({ type: 'unsubscribe_auctions' });
      expect(await visitor.next()).toEqual({ type: 'unsubscribed', feed: 'auctions' });
      const B = randomUUID();
      await gw.emit(event(B, 1, 'AuctionCreated', { title: 'Oak desk' }));
      expect(await member.next()).toMatchObject({ type: 'auction_created', auctionId: B });
      // Neither the one that stopped nor the one that never asked gets anything.
      for (const client of [visitor, bystander]) {
        client.send({ type: 'ping' });
        expect(await client.next()).toEqual({ type: 'pong' });
      }
    } finally {
      for (const client of [visitor, member, bystander]) client.close();
    }
  });
});
