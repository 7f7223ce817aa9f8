/**
 * The reference model of many auctions, for the rules that span them: an auction id is used once,
 * and a seller lists an item in at most one open auction at a time (another seller may list the
 * same item id; the same seller may list it again once that auction was closed or cancelled), and
 * only under terms that make an auction (terms.ts).
 * Written from the project README, and from nothing in processors/. Naive on purpose: every
 * listing is kept, and a new one looks through all of them.
 */
import {
  ReferenceAuction,
  type ModelCommand,
  type ModelTerms,
  type ModelVerdict,
  type ModelView,
} from './auction.js';
import { refusedTermsField } from './terms.js';

interface Listing {
  readonly sellerId: string;
  readonly itemId: string;
  readonly auction: ReferenceAuction;
}

export class ReferenceMarket {
  private readonly listings = new Map<string, Listing>();

  /** A seller offers an item under the given terms (their sellerId is the seller). */
  list(auctionId: string, itemId: string, terms: ModelTerms): ModelVerdict {
    if (this.listings.has(auctionId))
      return { verdict: 'rejected', reason: 'auction_already_exists' };
    for (const other of this.listings.values())
      if (
        other.sellerId === terms.sellerId &&
        other.itemId === itemId &&
        other.auction.view().status === 'open'
      )
        return { verdict: 'rejected', reason: 'item_has_open_auction' };
    // Terms that cannot make an auction (terms.ts); the listing does not happen.
    if (refusedTermsField(terms) !== undefined)
      return { verdict: 'rejected', reason: 'invalid_command' };
    this.listings.set(auctionId, {
      sellerId: terms.sellerId,
      itemId,
      auction: new ReferenceAuction(terms),
    });
    return { verdict: 'accepted' };
  }

  /** A command about one auction; an auction never listed cannot be bid on, bought or cancelled. */
  apply(auctionId: string, command: ModelCommand): ModelVerdict {
    const listing = this.listings.get(auctionId);
    if (listing) return listing.auction.apply(command);
    return command.kind === 'close'
      ? { verdict: 'ignored' }
      : { verdict: 'rejected', reason: 'auction_not_found' };
  }

  /** What anyone sees of the auction; undefined when it was never listed. */
  view(auctionId: string): ModelView | undefined {
    return this.listings.get(auctionId)?.auction.view();
  }
}
