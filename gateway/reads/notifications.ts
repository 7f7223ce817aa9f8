/**
 * A stored event as the notification its reader gets (GET /me/notifications): which kind it is
 * for this user, the amounts it carries and the sentence, as the shared meaning module
 * (gateway/web/shared/notification-meaning.js) decides them, with the amounts also written out.
 * Pure: the rows come from processors/personal-reads.ts, which chose the events addressed to the user.
 */
import type { NotificationEvent } from '../../processors/read-side.js';
import { formatCents } from '../commands/money.js';
import {
  notificationFor,
  notificationSentence,
  type Notification,
} from '../web/shared/notification-meaning.js';
import { apiWording } from './notification-sentences.js';

/**
 * The kinds a stored event makes; `closed`: an auction the user only watches closed; `new_bid`:
 * a bid on an auction the user sells.
 */
export type NotificationKind =
  'outbid' | 'new_bid' | 'won' | 'lost' | 'sold' | 'unsold' | 'closed' | 'extended' | 'cancelled';

interface Common {
  /** The event's id: stable, so a client can tell which it has shown. */
  readonly id: string;
  readonly auctionId: string;
  readonly title: string;
  readonly at: string;
  readonly message: string;
  readonly currency: string;
}

export type NotificationView = Common &
  (
    | {
        readonly kind: 'outbid' | 'new_bid';
        readonly leaderId: string;
        readonly visiblePriceCents: number;
        readonly visiblePrice: string;
      }
    | {
        readonly kind: 'won' | 'lost' | 'sold' | 'unsold' | 'closed';
        readonly outcome: string;
        readonly winnerId: string | null;
        readonly priceCents: number | null;
        readonly price: string | null;
      }
    | { readonly kind: 'extended'; readonly previousEndsAt: string; readonly newEndsAt: string }
    | { readonly kind: 'cancelled' }
  );

/** A notification the API keeps: its amounts also as decimals, its times as ISO text. */
function written(n: Notification) {
  switch (n.kind) {
    case 'outbid':
    case 'new_bid':
      return { ...n, visiblePrice: formatCents(n.visiblePriceCents) };
    case 'won':
    case 'lost':
    case 'sold':
    case 'unsold':
    case 'closed':
      return { ...n, price: n.priceCents === null ? null : formatCents(n.priceCents) };
    case 'extended':
      return {
        kind: n.kind,
        previousEndsAt: new Date(n.previousEndsAt).toISOString(),
        newEndsAt: new Date(n.newEndsAt).toISOString(),
      };
    case 'cancelled':
      return n;
    case 'leading':
    case 'rejected':
      throw new Error(`GET /me/notifications keeps no ${n.kind} notification`);
  }
}

/** The notification `event` makes for `userId`. */
export function toNotification(
  event: NotificationEvent,
  userId: string,
  currency: string,
): NotificationView {
  const reader = { userId, sells: event.sellerId === userId, bidOn: event.bidOn };
  const notification = notificationFor(event, reader);
  if (!notification) throw new Error(`${event.type} ${event.eventId} says nothing to ${userId}`);
  return {
    id: event.eventId,
    auctionId: event.auctionId,
    title: event.title,
    at: event.occurredAt.toISOString(),
    currency,
    message: notificationSentence(notification, event.title, apiWording(currency)),
    ...written(notification),
  };
}
