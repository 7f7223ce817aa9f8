/**
 * A recorded auction (the eBay CSV, or the project's NDJSON) run through the reference model as
 * a clean run would: created, every bid in order inside the window, then closed at the end.
 * Shaped structurally so the model needs no import from perf/load/.
 */
import { ReferenceAuction, type ModelView } from './auction.js';
import { toCents } from './money.js';

export interface RecordedAuction {
  readonly startingPrice: string;
  readonly bids: readonly { readonly bidderId: string; readonly amount: string }[];
}

export function modelFinal(auction: RecordedAuction, sellerId: string): ModelView {
  const end = auction.bids.length + 1;
  const model = new ReferenceAuction({
    sellerId,
    startingPriceCents: toCents(auction.startingPrice),
    startsAt: 0,
    endsAt: end,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  auction.bids.forEach((bid, n) =>
    model.apply({ kind: 'bid', bidderId: bid.bidderId, maxCents: toCents(bid.amount), at: n }),
  );
  model.apply({ kind: 'close', at: end });
  return model.view();
}
