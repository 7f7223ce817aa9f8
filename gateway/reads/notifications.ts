/**
 * A stored event as the notification its reader gets (GET /me/notifications): which kind it is
 * for this user, the amounts it carries and the sentence. Pure: the rows come from
 * processors/personal-reads.ts, which chose the events addressed to the user.
 */
import type { NotificationEventRow } from '../../processors/read-side.js';
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

const numberOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);

/** The notification `row` makes for `userId`. */
export function toNotification(
  row: NotificationEventRow,
  userId: string,
  currency: string,
): NotificationView {
  const p = row.payload;
  const title = row.title;
  const common = {
    id: row.event_id,
    auctionId: row.auction_id,
    title,
    at: row.occurred_at.toISOString(),
    currency,
  };
  switch (row.type) {
    case 'Outbid': {
      const cents = Number(p.visiblePriceCents);
      return {
        ...common,
        kind: 'outbid',
        message: sentences.outbid(title, amountText(cents, currency)),
        leaderId: String(p.leaderId),
        visiblePriceCents: cents,
        visiblePrice: formatCents(cents),
      };
    }
    case 'AuctionClosed': {
      const outcome = String(p.outcome);
      const winnerId = typeof p.winnerId === 'string' ? p.winnerId : null;
      const cents = numberOrNull(p.priceCents);
      const price = cents === null ? null : amountText(cents, currency);
      const amounts = {
        outcome,
        winnerId,
        priceCents: cents,
        price: cents === null ? null : formatCents(cents),
      };
      if (row.seller_id === userId)
        return SOLD.has(outcome) && price !== null
          ? { ...common, ...amounts, kind: 'sold', message: sentences.sold(title, price) }
          : { ...common, ...amounts, kind: 'unsold', message: sentences.unsold(title, outcome) };
      if (winnerId === userId && price !== null)
        return { ...common, ...amounts, kind: 'won', message: sentences.won(title, price) };
      if (row.bid_on)
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
      const newEndsAt = Number(p.newEndsAt);
      return {
        ...common,
        kind: 'extended',
        message: sentences.extended(title, newEndsAt),
        previousEndsAt: new Date(Number(p.previousEndsAt)).toISOString(),
        newEndsAt: new Date(newEndsAt).toISOString(),
      };
    }
    case 'AuctionCancelled':
      return { ...common, kind: 'cancelled', message: sentences.cancelled(title) };
    default: {
      const unreachable: never = row.type;
      throw new Error(`no notification for ${String(unreachable)}`);
    }
  }
}
