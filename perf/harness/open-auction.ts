/** A CreateAuction for the processor benches: open now, for an hour, no reserve, no extras. */
import { randomUUID } from 'node:crypto';
import type { CommandOf } from '../../contracts/commands.js';

export interface OpenAuctionTerms {
  readonly auctionId: string;
  readonly sellerId: string;
  readonly itemId: string;
  readonly title: string;
  readonly startingPriceCents: number;
  /** The run's clock: the auction started a second before it and ends an hour after. */
  readonly now: number;
}

export const openAuction = (t: OpenAuctionTerms): CommandOf<'CreateAuction'> => ({
  type: 'CreateAuction',
  metadata: {
    commandId: randomUUID(),
    auctionId: t.auctionId,
    issuedBy: t.sellerId,
    issuedAt: t.now,
    correlationId: '',
  },
  data: {
    itemId: t.itemId,
    title: t.title,
    startingPriceCents: t.startingPriceCents,
    reservePriceCents: null,
    buyNowPriceCents: null,
    startsAt: t.now - 1000,
    endsAt: t.now + 3_600_000,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
    incrementTable: null,
    externalRef: null,
  },
});
