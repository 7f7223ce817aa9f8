// @ts-check
/**
 * What an event means to a person: the notification it is for them (its kind and amounts) and the
 * sentence they read. One module for the live feed (gateway/live/live-hub.ts), GET
 * /me/notifications (gateway/reads/notifications.ts) and the page (../messages.js): each says it
 * in its own money and time format. Plain JavaScript so that the page imports it as it is; its
 * JSDoc types are the contract's (contracts/events.ts), checked by tsc where the gateway imports it.
 */

/**
 * @typedef {import('../../../contracts/events.js').EventData} EventData
 * @typedef {import('../../../contracts/events.js').CloseOutcome} CloseOutcome
 */

/**
 * Who reads, and how they stand to the auction.
 * @typedef {object} Reader
 * @property {string} userId
 * @property {boolean} sells    whether they sell it
 * @property {boolean} bidOn    whether they have an accepted bid on it
 */

/**
 * How an auction closed, on every closed kind.
 * @typedef {{ readonly outcome: CloseOutcome, readonly winnerId: string | null, readonly priceCents: number | null }} Closing
 */

/**
 * A notification: its kind and the amounts it carries (cents; times in epoch ms). `closed`: an
 * auction the reader neither sells nor bid on (a watched one) closed. `new_bid`: a bid was
 * accepted on an auction the reader sells.
 * @typedef {(
 *   | { readonly kind: 'leading', readonly visiblePriceCents: number }
 *   | { readonly kind: 'new_bid', readonly leaderId: string, readonly visiblePriceCents: number }
 *   | { readonly kind: 'rejected', readonly bidId: string, readonly code: string, readonly visiblePriceCents: number }
 *   | { readonly kind: 'outbid', readonly leaderId: string, readonly visiblePriceCents: number }
 *   | ({ readonly kind: 'won' | 'lost' | 'sold' | 'unsold' | 'closed' } & Closing)
 *   | { readonly kind: 'extended', readonly previousEndsAt: number, readonly newEndsAt: number }
 *   | { readonly kind: 'cancelled' }
 * )} Notification
 */

const SOLD = ['sold', 'bought_now'];

/**
 * The notification `event` is for `reader`; undefined when it says nothing to them. Bid events
 * speak to the bidder they name, an accepted bid also to the seller; a close to everyone
 * concerned, each in their own kind.
 * @param {EventData} event  an event's type and data (its envelope is not read)
 * @param {Reader} reader
 * @returns {Notification | undefined}
 */
export function notificationFor(event, reader) {
  switch (event.type) {
    case 'BidAccepted': {
      const { bidderId, leading, leaderId, visiblePriceCents } = event.data;
      if (reader.sells) return { kind: 'new_bid', leaderId, visiblePriceCents };
      return leading && bidderId === reader.userId
        ? { kind: 'leading', visiblePriceCents }
        : undefined;
    }
    case 'BidRejected': {
      const { bidderId, bidId, reason, visiblePriceCents } = event.data;
      return bidderId === reader.userId
        ? { kind: 'rejected', bidId, code: reason, visiblePriceCents }
        : undefined;
    }
    case 'Outbid': {
      const { bidderId, leaderId, visiblePriceCents } = event.data;
      return bidderId === reader.userId
        ? { kind: 'outbid', leaderId, visiblePriceCents }
        : undefined;
    }
    case 'AuctionClosed': {
      const { outcome, winnerId, priceCents } = event.data;
      return { kind: closedKind(event.data, reader), outcome, winnerId, priceCents };
    }
    case 'AuctionExtended': {
      const { previousEndsAt, newEndsAt } = event.data;
      return { kind: 'extended', previousEndsAt, newEndsAt };
    }
    case 'AuctionCancelled':
      return { kind: 'cancelled' };
    case 'AuctionCreated':
    case 'ReserveMet':
    case 'CommandRejected':
      return undefined;
    default:
      return unreachable(event);
  }
}

/**
 * The seller sold or did not; the winner won; another bidder lost; anyone else saw it close.
 * @param {Closing} closing
 * @param {Reader} reader
 * @returns {'won' | 'lost' | 'sold' | 'unsold' | 'closed'}
 */
function closedKind({ outcome, winnerId, priceCents }, reader) {
  if (reader.sells) return SOLD.includes(outcome) && priceCents !== null ? 'sold' : 'unsold';
  if (winnerId === reader.userId && priceCents !== null) return 'won';
  return reader.bidOn ? 'lost' : 'closed';
}

/**
 * How a reader writes amounts, times and other users' names: "152.50 EUR", UTC and names as
 * they are for the API; the page's own money and time on screen, with bidders' names masked
 * (./mask-name.js). Without `name`, names are written as they are.
 * @typedef {object} Wording
 * @property {(cents: number) => string} money
 * @property {(epochMs: number) => string} time
 * @property {(userId: string) => string} [name]
 */

/**
 * How a closed auction ended for someone who neither won nor sold it.
 * @param {string} title
 * @param {CloseOutcome} outcome
 */
const unsoldText = (title, outcome) =>
  outcome === 'no_bids'
    ? `${title} closed without a bid`
    : `${title} closed without a sale: the reserve was not met`;

/**
 * The sentence a reader gets for notification `n` about the auction `title` (no final stop: the
 * API's messages end without one, the page adds its own).
 * @param {Notification} n
 * @param {string} title
 * @param {Wording} wording
 * @returns {string}
 */
export function notificationSentence(n, title, { money, time, name = (userId) => userId }) {
  switch (n.kind) {
    case 'leading':
      return `You lead on ${title} at ${money(n.visiblePriceCents)}`;
    case 'new_bid':
      return `New bid on ${title}: ${money(n.visiblePriceCents)}`;
    case 'rejected':
      return `Your bid on ${title} was refused`;
    case 'outbid':
      return `You were outbid on ${title}: now ${money(n.visiblePriceCents)}`;
    // A winner and a sale always have a price (closedKind).
    case 'won':
      return `You won ${title} for ${money(n.priceCents ?? 0)}`;
    case 'sold':
      return !n.winnerId
        ? `You sold ${title} for ${money(n.priceCents ?? 0)}`
        : `Your ${title} sold to ${name(n.winnerId)} for ${money(n.priceCents ?? 0)}`;
    case 'lost':
      return n.priceCents === null
        ? unsoldText(title, n.outcome)
        : `You did not win ${title}: it sold for ${money(n.priceCents)}`;
    case 'unsold':
      return n.outcome === 'no_bids'
        ? `Your ${title} did not sell: there was no bid`
        : `Your ${title} did not sell: the reserve was not met`;
    case 'closed':
      return n.priceCents === null
        ? unsoldText(title, n.outcome)
        : `${title} sold for ${money(n.priceCents)}`;
    case 'extended':
      return `${title} was extended: it now ends at ${time(n.newEndsAt)}`;
    case 'cancelled':
      return `${title} was cancelled by its seller`;
    default:
      return unreachable(n);
  }
}

/**
 * @param {never} value
 * @returns {never}
 */
function unreachable(value) {
  throw new Error(`not a known event or notification: ${JSON.stringify(value)}`);
}
