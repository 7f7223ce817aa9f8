/**
 * A stored event as the notification its reader gets (GET /me/notifications): which kind it is
 * for this user, the amounts it carries and the sentence. Pure: the rows come from
 * processors/personal-reads.ts, which chose the events addressed to the user.
 */
import type { NotificationEvent } from '../../processors/read-side.js';
import { formatCents } from '../commands/money.js';
import { amountText, sentences } from './notification-sentences.js';

/** `closed`: an auction the user only watches closed. */
export type NotificationKind =
  'outbid' | 'won' | 'lost' | 'sold' | 'unsold' | 'closed' | 'extended' | 'cancelled';

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
        readonly kind: 'outbid';
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

const SOLD = new Set(['sold', 'bought_now']);

/** The notification `event` makes for `userId`. */
export function toNotification(
  event: NotificationEvent,
  userId: string,
  currency: string,
): NotificationView {
  const title = event.title;
  const common = {
    id: event.eventId,
    auctionId: event.auctionId,
    title,
    at: event.occurredAt.toISOString(),
    currency,
  };
  switch (event.type) {
    case 'Outbid': {
      const cents = event.data.visiblePriceCents;
      return {
        ...common,
        kind: 'outbid',
        message: sentences.outbid(title, amountText(cents, currency)),
        leaderId: event.data.leaderId,
        visiblePriceCents: cents,
        visiblePrice: formatCents(cents),
      };
    }
    case 'AuctionClosed': {
      const { outcome, winnerId, priceCents: cents } = event.data;
      const price = cents === null ? null : amountText(cents, currency);
      const amounts = {
        outcome,
        winnerId,
        priceCents: cents,
        price: cents === null ? null : formatCents(cents),
      };
      if (event.sellerId === userId)
        return SOLD.has(outcome) && price !== null
          ? { ...common, ...amounts, kind: 'sold', message: sentences.sold(title, price) }
          : { ...common, ...amounts, kind: 'unsold', message: sentences.unsold(title, outcome) };
      if (winnerId === userId && price !== null)
        return { ...common, ...amounts, kind: 'won', message: sentences.won(title, price) };
      if (event.bidOn)
        return {
          ...common,
          ...amounts,
          kind: 'lost',
          message: sentences.lost(title, price, outcome),
        };
      return {
        ...common,
        ...amounts,
        kind: 'closed',
        message: sentences.closed(title, price, outcome),
      };
    }
    case 'AuctionExtended': {
      const { previousEndsAt, newEndsAt } = event.data;
      return {
        ...common,
        kind: 'extended',
        message: sentences.extended(title, newEndsAt),
        previousEndsAt: new Date(previousEndsAt).toISOString(),
        newEndsAt: new Date(newEndsAt).toISOString(),
      };
    }
    case 'AuctionCancelled':
      return { ...common, kind: 'cancelled', message: sentences.cancelled(title) };
    default: {
      const unreachable: never = event;
      throw new Error(`no notification for ${(unreachable as { type: string }).type}`);
    }
  }
}
