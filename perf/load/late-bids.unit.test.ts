import { describe, expect, it } from 'vitest';
import { cleanliness, decidedLate, totalOf } from './late-bids.js';

const run = {
  partial: false,
  auctions: 628,
  closed: 628,
  bidsRefusedByGateway: 0,
  acceptedThenRefused: { bid_too_low: 31 },
};

describe('bids accepted at the door and then refused', () => {
  it('counts auction_ended and auction_closed as late, nothing else', () => {
    const byReason = { auction_ended: 92, auction_closed: 3, bid_too_low: 31 };
    expect(decidedLate(byReason)).toBe(95);
    expect(totalOf(byReason)).toBe(126);
    expect(decidedLate({})).toBe(0);
  });

  it('calls a replay clean when only the rules refused bids', () => {
    expect(cleanliness(run)).toEqual({ clean: true, because: [] });
  });

  it('does not call a replay with late bids clean, nor one with bids refused at the door', () => {
    expect(
      cleanliness({ ...run, bidsRefusedByGateway: 4, acceptedThenRefused: { auction_ended: 92 } }),
    ).toEqual({
      clean: false,
      because: ['4 bids refused at the door', '92 bids accepted (202) and then decided late'],
    });
  });

  it('does not call it clean when the decisions were not read or it gave up', () => {
    const r = cleanliness({ ...run, partial: true, closed: 600, acceptedThenRefused: null });
    expect(r.clean).toBe(false);
    expect(r.because).toEqual([
      'the run gave up',
      '28 auctions not closed',
      'the decisions could not be read',
    ]);
  });
});
