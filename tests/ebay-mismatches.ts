/**
 * The eBay auctions whose recorded closing price the reference model does not reproduce, pinned
 * in tests/fixtures/ebay-model-mismatches.json with the reason, so that a change in any auction
 * (the model's or the system's) shows up.
 */
import { readFileSync } from 'node:fs';
import { modelFinal, type RecordedAuction } from '../reference-model/recorded.js';
import { toAmount } from '../reference-model/money.js';

export interface PinnedMismatch {
  readonly sourceId: string;
  /** What the reference model closes at (null: no sale). */
  readonly modelPrice: string | null;
  readonly ebayPrice: string | null;
  readonly why: string;
}

export const PINNED_MISMATCHES: readonly PinnedMismatch[] = JSON.parse(
  readFileSync(new URL('./fixtures/ebay-model-mismatches.json', import.meta.url), 'utf8'),
) as PinnedMismatch[];

/** The model's closing price as the API prints it ("177.50"), or null when nothing sold. */
export function modelPrice(auction: RecordedAuction, sellerId: string): string | null {
  const final = modelFinal(auction, sellerId);
  return final.finalPriceCents === null ? null : toAmount(final.finalPriceCents);
}
