/**
 * The reference model against recorded reality: every eBay auction in ../shared/data closes at
 * eBay's recorded price, except the pinned ones, each with the model's and eBay's price.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEbayCsv } from '../perf/load/bid-log.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { modelPrice, PINNED_MISMATCHES } from './ebay-mismatches.js';

const EBAY = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv');

describe('the reference model on the eBay bid histories', () => {
  it('reproduces every recorded closing price but the pinned mismatches', () => {
    const auctions = parseEbayCsv(readFileSync(EBAY, 'utf8'));
    expect(auctions).toHaveLength(628);
    const mismatches = auctions
      .map((a) => ({
        sourceId: a.sourceId,
        modelPrice: modelPrice(a, `seller-${a.sourceId}`),
        ebayPrice: a.recordedPrice,
      }))
      .filter((m) => m.modelPrice !== m.ebayPrice);
    expect(mismatches).toEqual(PINNED_MISMATCHES.map(({ why: _why, ...m }) => m));
  });
});
