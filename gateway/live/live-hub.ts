/**
 * The gateway's live side: who is connected, who is subscribed to what, and how each event
 * reaches them (subscriptions in sequence order, personal notifications to the user concerned).
 * A connection that cannot keep up is told and dropped, or, if it asked for it, sent only the
 * latest event of each auction; nobody else waits for it.
 */
import type WebSocket from 'ws';
import { flatten } from '../../contracts/envelope.js';
import type { Event, EventOf, EventType } from '../../contracts/events.js';
import { isRejectionReason, REFUSALS } from '../http/rejection-problems.js';
import {
  notificationFor,
  type Notification,
  type Reader,
} from '../web/shared/notification-meaning.js';
import type { EventHistory } from './history.js';
import type { PersonalNotification } from './personal-notifications.js';
import type { EventMessage, PublicEventRecord, ServerMessage } from './socket-messages.js';
import { Subscription } from './subscription.js';

export interface LiveConnection {
  readonly socket: WebSocket;
  /** null: anonymous, read-only (it may subscribe, never bid). */
  readonly userId: string | null;
  readonly mode: 'drop' | 'latest';
  readonly subscriptions: Map<string, Subscription>;
  /** In 'latest' mode: the newest event per auction waiting for the socket to drain. */
  readonly conflated: Map<string, Event>;
  /** Whether it follows the feed of new auctions (subscribe_auctions). */
  newAuctions: boolean;
}

/** The most auctions whose sellers the hub remembers: far more than those with live bidding. */
const MAX_SELLERS = 100_000;

export class LiveHub {
  private readonly connections = new Set<LiveConnection>();
  /**
   * auctionId → who sells it, to tell sellers of bids and of the close: learnt from the
   * AuctionCreated event, or read once for an auction created before this gateway started.
   */
  private readonly sellers = new Map<string, string>();
  /** The last event sent as an `event` message and its text: serialised once for all sockets. */
  private serialised: { event: Event; text: string } | undefined;

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
  async publish(event: Event) {
    // Nobody connected: nobody to deliver, announce or notify to (most of the time, per event).
    if (this.connections.size === 0) return;
    const deliveries: Promise<void>[] = [];
    for (const connection of this.connections) {
      const subscription = connection.subscriptions.get(event.metadata.auctionId);
      if (subscription) deliveries.push(subscription.deliver(event));
    }
    await Promise.all(deliveries);
    if (event.type === 'AuctionCreated') this.announce(event);
    await this.notify(event);
  }

  /** A new auction, to every connection that follows the feed of new auctions. */
  private announce(event: EventOf<'AuctionCreated'>) {
    for (const connection of this.connections)
      if (connection.newAuctions)
        this.send(connection, {
          type: 'auction_created',
          auctionId: event.metadata.auctionId,
          sequence: event.metadata.sequence,
          event: publicRecord(event),
        });
  }

  /**
   * Personal notifications (what each means: gateway/web/shared/notification-meaning.js): you
   * lead, your bid or buy-now was rejected (with the code and status HTTP answers for it), you
   * have been outbid; the seller, that a bid was accepted; once it closes, the seller sold or
   * did not, the winner won and the other connected bidders lost.
   */
  private async notify(event: Event) {
    switch (event.type) {
      case 'BidAccepted':
        this.tell(event, bidder(event.data.bidderId));
        return this.tellSeller(event);
      case 'BidRejected':
      case 'Outbid':
        return this.tell(event, bidder(event.data.bidderId));
      case 'AuctionClosed': {
        const { winnerId } = event.data;
        await this.tellSeller(event);
        this.sellers.delete(event.metadata.auctionId);
        if (winnerId !== null) this.tell(event, bidder(winnerId));
        const connected = new Set(
          [...this.connections].map((c) => c.userId).filter((id) => id !== null),
        );
        for (const id of await this.history.bidders(event.metadata.auctionId)) {
          if (id !== winnerId && connected.has(id)) this.tell(event, bidder(id));
        }
        return;
      }
      case 'AuctionCreated':
        return this.rememberSeller(event.metadata.auctionId, event.data.sellerId);
      case 'AuctionCancelled':
        this.sellers.delete(event.metadata.auctionId);
        return;
      case 'AuctionExtended':
      case 'CommandRejected':
      case 'ReserveMet':
        return;
    }
  }

  /** Tells the auction's seller what `event` means to them, when they are connected. */
  private async tellSeller(event: Event) {
    const { auctionId } = event.metadata;
    // Nobody signed in: no seller to tell, and no need to know who sells it.
    if (![...this.connections].some((c) => c.userId !== null)) return;
    let sellerId = this.sellers.get(auctionId);
    if (sellerId === undefined) {
      // Best effort: without Postgres the seller is not told live, and GET /me/notifications
      // still has it; the feed must not stall on a notice.
      sellerId = await this.history.seller(auctionId).catch(() => undefined);
      if (sellerId === undefined) return;
      this.rememberSeller(auctionId, sellerId);
    }
    this.tell(event, { userId: sellerId, sells: true, bidOn: false });
  }

  private rememberSeller(auctionId: string, sellerId: string) {
    this.sellers.set(auctionId, sellerId);
    if (this.sellers.size > MAX_SELLERS) this.sellers.delete(this.sellers.keys().next().value!);
  }

  /** Sends `reader` what `event` means to them, if anything. */
  private tell(event: Event, reader: Reader) {
    const notification = personal(notificationFor(event, reader));
    if (!notification) return;
    const { auctionId, sequence } = event.metadata;
    for (const connection of this.connections)
      if (connection.userId === reader.userId)
        this.send(connection, { type: 'notification', auctionId, sequence, ...notification });
  }

  private sendEvent(connection: LiveConnection, event: Event) {
    if (connection.mode === 'latest' && connection.socket.bufferedAmount > this.maxBufferedBytes) {
      connection.conflated.set(event.metadata.auctionId, event);
      return;
    }
    if (this.serialised?.event !== event) {
      const text = JSON.stringify(eventMessage('event', event));
      this.serialised = { event, text };
    }
    this.send(connection, this.serialised.text);
  }

  /** Sends `message`, or its JSON text when it was serialised already. */
  send(connection: LiveConnection, message: ServerMessage | string) {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (connection.mode === 'drop' && socket.bufferedAmount > this.maxBufferedBytes) {
      // Tell it why, then let it go: one slow reader must not hold memory or slow anyone else.
      const slow: ServerMessage = {
        type: 'error',
        code: 'slow_consumer',
        detail: 'you fell too far behind; reconnect and resume',
      };
      socket.send(JSON.stringify(slow));
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
      for (const event of connection.conflated.values())
        this.send(connection, eventMessage('latest', event));
      connection.conflated.clear();
    }
  }
}

/** What the socket says of `meaning`: a refusal by the rules' own reasons with its HTTP status. */
function personal(meaning: Notification | undefined): PersonalNotification | undefined {
  if (meaning?.kind !== 'rejected') return meaning;
  return isRejectionReason(meaning.code)
    ? { ...meaning, status: REFUSALS[meaning.code].status }
    : undefined;
}

/** A bidder, as the notifications of their bids and of the close address them. */
const bidder = (userId: string): Reader => ({ userId, sells: false, bidOn: true });

/**
 * An event's published record as every subscriber may read it: without the correlation id of the
 * request that caused it, which is its sender's alone (socket-messages.ts).
 */
function publicRecord<K extends EventType>(event: EventOf<K>): PublicEventRecord<K>;
function publicRecord(event: Event): PublicEventRecord;
function publicRecord(event: Event): PublicEventRecord {
  const { correlationId: _private, ...metadata } = event.metadata;
  return flatten({ metadata, data: event.data }) as PublicEventRecord;
}

/** An auction's event as the socket sends it: its public record. */
const eventMessage = (type: EventMessage['type'], event: Event): EventMessage => ({
  type,
  auctionId: event.metadata.auctionId,
  sequence: event.metadata.sequence,
  eventType: event.type,
  event: publicRecord(event),
});
