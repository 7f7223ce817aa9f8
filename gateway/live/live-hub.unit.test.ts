/** The hub's delivery rules, with an in-memory stand-in for a socket. */
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { Event, EventDataByType, EventType } from '../../contracts/events.js';
import { anEvent } from '../testing/events.js';
import type { EventHistory } from './history.js';
import { LiveHub, type LiveConnection } from './live-hub.js';

class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
}

const history: EventHistory = {
  after: () => Promise.resolve([]),
  latest: () => Promise.resolve(0),
  bidders: () => Promise.resolve(['alice', 'bob']),
  seller: () => Promise.resolve('sam'),
};

function connect(hub: LiveHub, userId: string, mode: 'drop' | 'latest' = 'drop') {
  const socket = new FakeSocket();
  const connection: LiveConnection = {
    socket: socket as unknown as WebSocket,
    userId,
    mode,
    subscriptions: new Map(),
    conflated: new Map(),
    newAuctions: false,
  };
  hub.add(connection);
  return { socket, connection };
}

/** An event of auction a-1. */
const feedEvent = <K extends EventType>(
  type: K,
  sequence: number,
  data: Partial<EventDataByType[K]>,
) => anEvent(type, 'a-1', sequence, data);

const bidAccepted = (sequence: number, bidderId = 'alice') =>
  feedEvent('BidAccepted', sequence, {
    bidderId,
    leaderId: bidderId,
    leading: true,
    visiblePriceCents: 100 * sequence,
  });

describe('LiveHub', () => {
  it('sends subscribers the auction’s events and the bidder a personal notification', async () => {
    const hub = new LiveHub(history, 1000);
    const watcher = connect(hub, 'watcher');
    const alice = connect(hub, 'alice');
    await hub.subscribe(watcher.connection, 'a-1', 0);
    await hub.publish(bidAccepted(1));
    expect(watcher.socket.sent).toEqual([expect.objectContaining({ type: 'event', sequence: 1 })]);
    expect(alice.socket.sent).toEqual([
      expect.objectContaining({ type: 'notification', kind: 'leading' }),
    ]);
  });

  it('tells the bidder of a rejection with the code and status HTTP answers for it', async () => {
    const hub = new LiveHub(history, 1000);
    const alice = connect(hub, 'alice');
    const bob = connect(hub, 'bob');
    await hub.publish(
      feedEvent('BidRejected', 1, {
        bidId: 'b-1',
        bidderId: 'alice',
        reason: 'below_minimum_increment',
      }),
    );
    expect(alice.socket.sent).toEqual([
      expect.objectContaining({
        type: 'notification',
        kind: 'rejected',
        bidId: 'b-1',
        code: 'below_minimum_increment',
        status: 422,
      }),
    ]);
    expect(bob.socket.sent).toEqual([]);
  });

  it('tells a slow client and drops it, without holding anyone else back', async () => {
    const hub = new LiveHub(history, 1000);
    const slow = connect(hub, 'slow');
    const fast = connect(hub, 'fast');
    await hub.subscribe(slow.connection, 'a-1', 0);
    await hub.subscribe(fast.connection, 'a-1', 0);
    slow.socket.bufferedAmount = 5000;
    await hub.publish(bidAccepted(1));
    await hub.publish(bidAccepted(2));
    expect(slow.socket.sent).toEqual([
      expect.objectContaining({ type: 'error', code: 'slow_consumer' }),
    ]);
    expect(slow.socket.closedWith).toBe(4008);
    expect(fast.socket.sent.map((m) => m.sequence)).toEqual([1, 2]);
    expect(hub.size).toBe(1);
  });

  it('in "latest" mode, sends only the newest event of each auction once the socket drains', async () => {
    const hub = new LiveHub(history, 1000);
    const client = connect(hub, 'phone', 'latest');
    await hub.subscribe(client.connection, 'a-1', 0);
    client.socket.bufferedAmount = 5000;
    for (const s of [1, 2, 3]) await hub.publish(bidAccepted(s, 'someone'));
    hub.flushConflated();
    expect(client.socket.sent).toEqual([]);
    client.socket.bufferedAmount = 0;
    hub.flushConflated();
    expect(client.socket.sent).toEqual([expect.objectContaining({ type: 'latest', sequence: 3 })]);
  });

  it('tells the winner they won and the other connected bidders they lost', async () => {
    const hub = new LiveHub(history, 1000);
    const alice = connect(hub, 'alice');
    const bob = connect(hub, 'bob');
    await hub.publish(
      feedEvent('AuctionClosed', 9, { outcome: 'sold', winnerId: 'alice', priceCents: 500 }),
    );
    expect(alice.socket.sent).toEqual([expect.objectContaining({ kind: 'won', priceCents: 500 })]);
    expect(bob.socket.sent).toEqual([
      {
        type: 'notification',
        auctionId: 'a-1',
        sequence: 9,
        kind: 'lost',
        outcome: 'sold',
        winnerId: 'alice',
        priceCents: 500,
      },
    ]);
  });

  it('tells the bidders they lost an auction that closed without a winner, and nobody won', async () => {
    const hub = new LiveHub(history, 1000);
    const alice = connect(hub, 'alice');
    await hub.publish(
      feedEvent('AuctionClosed', 9, {
        outcome: 'reserve_not_met',
        winnerId: null,
        priceCents: null,
      }),
    );
    expect(alice.socket.sent).toEqual([
      expect.objectContaining({ kind: 'lost', outcome: 'reserve_not_met', winnerId: null }),
    ]);
  });

  it('tells the seller of each accepted bid and of the sale, reading who sells it once', async () => {
    let reads = 0;
    const hub = new LiveHub(
      {
        ...history,
        seller: () => {
          reads += 1;
          return Promise.resolve('sam');
        },
      },
      1000,
    );
    const sam = connect(hub, 'sam');
    const alice = connect(hub, 'alice');
    await hub.publish(bidAccepted(1));
    await hub.publish(bidAccepted(2, 'bob'));
    await hub.publish(
      feedEvent('AuctionClosed', 3, { outcome: 'sold', winnerId: 'bob', priceCents: 200 }),
    );
    expect(sam.socket.sent).toEqual([
      {
        type: 'notification',
        auctionId: 'a-1',
        sequence: 1,
        kind: 'new_bid',
        leaderId: 'alice',
        visiblePriceCents: 100,
      },
      {
        type: 'notification',
        auctionId: 'a-1',
        sequence: 2,
        kind: 'new_bid',
        leaderId: 'bob',
        visiblePriceCents: 200,
      },
      expect.objectContaining({ sequence: 3, kind: 'sold', winnerId: 'bob', priceCents: 200 }),
    ]);
    expect(reads).toBe(1);
    // The bidder hears of their own bid only as a bidder.
    expect(alice.socket.sent.map((m) => m.kind)).toEqual(['leading', 'lost']);
  });

  it('knows the seller from the auction’s creation, and tells them it did not sell', async () => {
    const hub = new LiveHub(
      { ...history, seller: () => Promise.reject(new Error('no read expected')) },
      1000,
    );
    const sam = connect(hub, 'sam');
    await hub.publish(feedEvent('AuctionCreated', 1, { sellerId: 'sam' }));
    await hub.publish(
      feedEvent('AuctionClosed', 2, { outcome: 'no_bids', winnerId: null, priceCents: null }),
    );
    expect(sam.socket.sent).toEqual([
      expect.objectContaining({ kind: 'unsold', outcome: 'no_bids', winnerId: null }),
    ]);
  });

  it('sends every subscriber the event as its published record, without the sender’s correlation id', async () => {
    const hub = new LiveHub(history, 1000);
    const watchers = [connect(hub, 'w1'), connect(hub, 'w2')];
    for (const w of watchers) await hub.subscribe(w.connection, 'a-1', 0);
    const event = bidAccepted(1);
    await hub.publish(event);
    for (const w of watchers)
      expect(w.socket.sent).toEqual([
        {
          type: 'event',
          auctionId: 'a-1',
          sequence: 1,
          eventType: 'BidAccepted',
          event: { ...publicMetadata(event), ...event.data },
        },
      ]);
  });

  it('keeps the correlation id of the request behind an event from everyone: live, caught up, conflated, announced', async () => {
    const trace = 'alice-private-trace-7';
    const traced = <E extends Event>(event: E): E => ({
      ...event,
      metadata: { ...event.metadata, correlationId: trace },
    });
    const created = traced(anEvent('AuctionCreated', 'a-1', 1, { sellerId: 'sam' }));
    const accepted = traced(bidAccepted(2, 'alice'));
    const caughtUp: EventHistory = { ...history, after: () => Promise.resolve([created]) };
    const hub = new LiveHub(caughtUp, 1000);
    // The bidder themself, another bidder, an anonymous visitor, a phone in "latest" mode.
    const alice = connect(hub, 'alice');
    const bob = connect(hub, 'bob');
    const visitor = connect(hub, 'visitor');
    const phone = connect(hub, 'phone', 'latest');
    for (const c of [alice, bob, visitor, phone]) c.connection.newAuctions = true;
    await hub.subscribe(alice.connection, 'a-1', 0);
    await hub.subscribe(bob.connection, 'a-1', 0);
    await hub.subscribe(visitor.connection, 'a-1', 0);
    await hub.publish(created);
    phone.socket.bufferedAmount = 5000;
    await hub.subscribe(phone.connection, 'a-1', 1);
    await hub.publish(accepted);
    phone.socket.bufferedAmount = 0;
    hub.flushConflated();

    const everything = [alice, bob, visitor, phone].flatMap((c) => c.socket.sent);
    const types = new Set(everything.map((m) => m.type));
    expect(types).toEqual(new Set(['event', 'latest', 'auction_created', 'notification']));
    expect(JSON.stringify(everything)).not.toContain(trace);
    for (const message of everything.filter((m) => 'event' in m))
      expect(message.event).not.toHaveProperty('correlationId');
    // The rest of the envelope stays: a client matches its own bid's events by bidId.
    expect(bob.socket.sent).toContainEqual(
      expect.objectContaining({
        type: 'event',
        event: expect.objectContaining({
          eventId: accepted.metadata.eventId,
          commandId: accepted.metadata.commandId,
          bidId: accepted.data.bidId,
        }) as unknown,
      }),
    );
  });
});

/** An event's envelope as subscribers receive it: the sender's correlation id left out. */
function publicMetadata(event: Event) {
  const { correlationId: _private, ...rest } = event.metadata;
  return rest;
}
