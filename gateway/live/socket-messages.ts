/**
 * What the gateway sends a WebSocket client (README, "live feed"): one type per message, so a
 * message the protocol does not know cannot be built. Events travel as their published record.
 */
import type { EventDataByType, EventMetadata, EventType } from '../../contracts/events.js';
import type { Flat } from '../../contracts/envelope.js';
import type { LimitRefusal } from './socket-limits.js';
import type { PersonalNotification } from './personal-notifications.js';

/**
 * An event as the socket sends it: its published record without `correlationId`, the id of the
 * request that caused it. That id is its sender's (the X-Correlation-Id they sent, or the one the
 * gateway answered them with), for tracing their own request; it is nobody else's to read. A
 * client matches its own bid's events by `bidId`.
 */
export type PublicEventRecord<K extends EventType = EventType> = Flat<
  Omit<EventMetadata, 'correlationId'>,
  EventDataByType,
  K
>;

/** An auction's event: `event` to subscribers in order, `latest` when conflated. */
export interface EventMessage {
  readonly type: 'event' | 'latest';
  readonly auctionId: string;
  readonly sequence: number;
  readonly eventType: EventType;
  readonly event: PublicEventRecord;
}

export type ServerMessage =
  | { readonly type: 'welcome'; readonly userId: string | null; readonly mode: 'drop' | 'latest' }
  | { readonly type: 'subscribed'; readonly auctionId: string; readonly sequence: number }
  | { readonly type: 'unsubscribed'; readonly auctionId: string }
  | { readonly type: 'subscribed' | 'unsubscribed'; readonly feed: 'auctions' }
  | EventMessage
  | {
      readonly type: 'auction_created';
      readonly auctionId: string;
      readonly sequence: number;
      readonly event: PublicEventRecord<'AuctionCreated'>;
    }
  | ({
      readonly type: 'notification';
      readonly auctionId: string;
      readonly sequence: number;
    } & PersonalNotification)
  | {
      readonly type: 'bid_received' | 'buy_now_received';
      readonly requestId: string | undefined;
      readonly bidId: string;
      readonly repeat: boolean;
    }
  | ({ readonly type: 'error'; readonly auctionId?: string } & LimitRefusal)
  | {
      readonly type: 'error';
      readonly code: string;
      readonly detail: string;
      readonly status?: number;
      readonly requestId?: string | undefined;
      /** The auction a refused subscribe named (`auction_not_found`). */
      readonly auctionId?: string;
      readonly field?: string | undefined;
      readonly limit?: string | undefined;
      readonly retryAfterSeconds?: number | undefined;
    }
  | { readonly type: 'pong' };
