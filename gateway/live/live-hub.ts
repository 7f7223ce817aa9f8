/**
 * The gateway's live side: who is connected, who is subscribed to what, and how each event
 * reaches them (subscriptions in sequence order, personal notifications to the user concerned).
 * A connection that cannot keep up is told and dropped, or, if it asked for it, sent only the
 * latest event of each auction; nobody else waits for it.
 */
import type WebSocket from 'ws';
import { isRejectionReason, REFUSALS } from '../http/rejection-problems.js';
import type { FeedEvent } from './feed-event.js';
import type { EventHistory } from './history.js';
import { Subscription } from './subscription.js';

export interface LiveConnection {
  readonly socket: WebSocket;
  /** null: anonymous, read-only (it may subscribe, never bid). */
  readonly userId: string | null;
  readonly mode: 'drop' | 'latest';
  readonly subscriptions: Map<string, Subscription>;
  /** In 'latest' mode: the newest event per auction waiting for the socket to drain. */
  readonly conflated: Map<string, FeedEvent>;
  /** Whether it follows the feed of new auctions (subscribe_auctions). */
  newAuctions: boolean;
}

export class LiveHub {
  private readonly connections = new Set<LiveConnection>();
  /** The last event sent as an `event` message and its text: serialised once for all sockets. */
  private serialised: { event: FeedEvent; text: string } | undefined;

  constructor(
    private readonly history: EventHistory,
    private readonly maxBufferedBytes: number,
  ) {}

  get size() {
    return this.connections.size;
  }

  add(connection: LiveConnection) {
    this.connections.add(connection);
  }

  remove(connection: LiveConnection) {
    this.connections.delete(connection);
  }

  async subscribe(
    connection: LiveConnection,
    auctionId: string,
    afterSequence: number | undefined,
  ) {
    const last = afterSequence ?? (await this.history.latest(auctionId));
    const subscription = new Subscription(
      auctionId,
      last,
      (after) => this.history.after(auctionId, after),
      (event) => this.sendEvent(connection, event),
    );
    connection.subscriptions.set(auctionId, subscription);
    await subscription.catchUp();
    return subscription.lastSequence;
  }

  /** Every event from the events topic passes through here. */
  async publish(event: FeedEvent) {
    // Nobody connected: nobody to deliver, announce or notify to (most of the time, per event).
    if (this.connections.size === 0) return;
    const deliveries: Promise<void>[] = [];
    for (const connection of this.connections) {
      const subscription = connection.subscriptions.get(event.auctionId);
      if (subscription) deliveries.push(subscription.deliver(event));
    }
    await Promise.all(deliveries);
    if (event.eventType === 'AuctionCreated') this.announce(event);
    await this.notify(event);
  }

  /** A new auction, to every connection that follows the feed of new auctions. */
  private announce(event: FeedEvent) {
    for (const connection of this.connections)
      if (connection.newAuctions)
        this.send(connection, {
          type: 'auction-created',
          auctionId: event.auctionId,
          sequence: event.sequence,
          event: event.event,
        });
  }

  /**
   * Personal notifications: you lead, your bid or buy-now was rejected (with the code and status
   * HTTP answers for it), you have been outbid, you won, you lost.
   */
  private async notify(event: FeedEvent) {
    const e = event.event;
    const base = { type: 'notification', auctionId: event.auctionId, sequence: event.sequence };
    switch (event.eventType) {
      case 'BidAccepted':
        if (e.leading === true)
          this.toUser(String(e.bidderId), {
            ...base,
            kind: 'leading',
            visiblePriceCents: e.visiblePriceCents,
          });
        return;
      case 'BidRejected':
        if (isRejectionReason(e.reason))
          this.toUser(String(e.bidderId), {
            ...base,
            kind: 'rejected',
            bidId: e.bidId,
            code: e.reason,
            status: REFUSALS[e.reason].status,
            visiblePriceCents: e.visiblePriceCents,
          });
        return;
      case 'Outbid':
        this.toUser(String(e.bidderId), {
          ...base,
          kind: 'outbid',
          leaderId: e.leaderId,
          visiblePriceCents: e.visiblePriceCents,
        });
        return;
      case 'AuctionClosed': {
        const winner = typeof e.winnerId === 'string' ? e.winnerId : null;
        if (winner) this.toUser(winner, { ...base, kind: 'won', priceCents: e.priceCents });
        const connected = new Set(
          [...this.connections].map((c) => c.userId).filter((id) => id !== null),
        );
        for (const bidder of await this.history.bidders(event.auctionId)) {
          if (bidder !== winner && connected.has(bidder))
            this.toUser(bidder, { ...base, kind: 'lost', winnerId: winner });
        }
        return;
      }
      case 'AuctionCreated':
      case 'AuctionExtended':
      case 'AuctionCancelled':
      case 'CommandRejected':
      case 'ReserveMet':
        return;
    }
  }

  private toUser(userId: string, message: Record<string, unknown>) {
    for (const connection of this.connections)
      if (connection.userId === userId) this.send(connection, message);
  }

  private sendEvent(connection: LiveConnection, event: FeedEvent) {
    if (connection.mode === 'latest' && connection.socket.bufferedAmount > this.maxBufferedBytes) {
      connection.conflated.set(event.auctionId, event);
      return;
    }
    if (this.serialised?.event !== event) {
      const text = JSON.stringify({
        type: 'event',
        auctionId: event.auctionId,
        sequence: event.sequence,
        eventType: event.eventType,
        event: event.event,
      });
      this.serialised = { event, text };
    }
    this.send(connection, this.serialised.text);
  }

  /** Sends `message`, or its JSON text when it was serialised already. */
  send(connection: LiveConnection, message: Record<string, unknown> | string) {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (connection.mode === 'drop' && socket.bufferedAmount > this.maxBufferedBytes) {
      // Tell it why, then let it go: one slow reader must not hold memory or slow anyone else.
      socket.send(
        JSON.stringify({
          type: 'error',
          code: 'slow_consumer',
          detail: 'you fell too far behind; reconnect and resume',
        }),
      );
      socket.close(4008, 'slow consumer');
      this.remove(connection);
      return;
    }
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** In 'latest' mode, sends the newest waiting event of each auction once the socket drains. */
  flushConflated() {
    for (const connection of this.connections) {
      if (
        connection.conflated.size === 0 ||
        connection.socket.bufferedAmount > this.maxBufferedBytes
      )
        continue;
      for (const event of connection.conflated.values()) {
        this.send(connection, {
          type: 'latest',
          auctionId: event.auctionId,
          sequence: event.sequence,
          eventType: event.eventType,
          event: event.event,
        });
      }
      connection.conflated.clear();
    }
  }
}
