import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../stack/paths.js';
import { BidLogError, parseEbayCsv, parseNdjson, toNdjson } from './bid-log.js';

const HEADER = 'auctionid,bid,bidtime,bidder,bidderrate,openbid,price,item,auction_type';

describe('parseEbayCsv', () => {
  it('groups bids by auction and sorts them by time', () => {
    const csv = [
      HEADER,
      '1,175,2.23,b-1,0,99,177.5,Cartier wristwatch,3 day auction',
      '1,100,0.6,b-2,0,99,177.5,Cartier wristwatch,3 day auction',
      '2,10.25,1,b-3,5,0.01,10.5,Xbox game console,7 day auction',
    ].join('\n');
    const [first, second] = parseEbayCsv(csv);
    expect(first).toMatchObject({
      sourceId: '1',
      startingPrice: '99.00',
      lengthDays: 3,
      recordedPrice: '177.50',
    });
    expect(first?.bids.map((b) => b.amount)).toEqual(['100.00', '175.00']);
    expect(second).toMatchObject({ startingPrice: '0.01', lengthDays: 7 });
  });

  it('reads the whole shared eBay file: 628 auctions, 10,681 bids', () => {
    const auctions = parseEbayCsv(
      readFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv'), 'utf8'),
    );
    expect(auctions).toHaveLength(628);
    expect(auctions.reduce((n, a) => n + a.bids.length, 0)).toBe(10_681);
    for (const a of auctions) {
      expect(a.bids.every((b, i) => i === 0 || a.bids[i - 1]!.atDays <= b.atDays)).toBe(true);
      expect(a.bids.every((b) => b.atDays <= a.lengthDays)).toBe(true);
    }
  });

  it('names the line of a malformed row', () => {
    expect(() => parseEbayCsv(`${HEADER}\n1,abc,1,b,0,1,2,x,3 day auction`)).toThrow(BidLogError);
    expect(() =>
      parseEbayCsv(`${HEADER}\n1,5,1,b,0,1,2,x,3 day auction\n1,5,1,b,0,1,2,x,weekly`),
    ).toThrow('line 3');
    expect(() => parseEbayCsv('a,b\n1,2')).toThrow('header');
  });
});

describe('NDJSON bid logs', () => {
  it('round-trips what the CSV gives', () => {
    const csv = `${HEADER}\n7,12,0.5,b-1,0,9.99,12,Palm Pilot M515 PDA,5 day auction`;
    const auctions = parseEbayCsv(csv);
    expect(parseNdjson(toNdjson(auctions))).toEqual(auctions);
  });

  it('names the line that is not JSON', () => {
    expect(() => parseNdjson('{"sourceId":"1"}\nnope')).toThrow('line 1');
  });
});
