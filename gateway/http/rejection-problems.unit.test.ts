/** The refusal table: every rejection reason has its documented status, and one body shape. */
import { describe, expect, it } from 'vitest';
import type { RejectionReason } from '../../processors/domain/index.js';
import { problemBody } from './problems.js';
import { decidedRefusal, isRejectionReason, refusal, REFUSALS } from './rejection-problems.js';

/** The contract as the README's API section states it (typed: a new reason must be added here). */
const DOCUMENTED: Record<RejectionReason, number> = {
  auction_not_found: 404,
  seller_cannot_bid: 403,
  not_seller: 403,
  auction_closed: 409,
  auction_ended: 409,
  not_started: 409,
  buy_now_unavailable: 409,
  has_bids: 409,
  auction_already_exists: 409,
  item_has_open_auction: 409,
  below_starting_price: 422,
  below_minimum_increment: 422,
  not_above_own_maximum: 422,
  invalid_command: 422,
  unprocessable: 422,
};

describe('the refusal table', () => {
  it('maps every rejection reason to its documented status, with a sentence for people', () => {
    expect(Object.keys(REFUSALS).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    for (const [reason, terms] of Object.entries(REFUSALS)) {
      expect(terms.status, reason).toBe(DOCUMENTED[reason as RejectionReason]);
      expect(terms.detail.length, reason).toBeGreaterThan(10);
    }
  });

  it('knows the reasons and nothing else', () => {
    expect(isRejectionReason('has_bids')).toBe(true);
    expect(isRejectionReason('rate_limited')).toBe(false);
    expect(isRejectionReason('toString')).toBe(false);
    expect(isRejectionReason(null)).toBe(false);
  });
});

describe('a refusal', () => {
  it('found early is a problem+json body with the reason as its code, type and status', () => {
    expect(problemBody(refusal('auction_closed', undefined, { auctionId: 'a-1' }))).toEqual({
      type: '/problems/auction_closed',
      title: 'Conflict',
      status: 409,
      code: 'auction_closed',
      detail: REFUSALS.auction_closed.detail,
      auctionId: 'a-1',
    });
  });

  it('decided by the processor has the same code, type, title and status, marked decided', () => {
    const early = problemBody(refusal('below_minimum_increment'));
    const decided = problemBody(
      decidedRefusal('below_minimum_increment', null, { bidId: 'b-1', visiblePriceCents: 500 }),
    );
    const { type, title, status, code } = early;
    expect(decided).toMatchObject({ type, title, status, code, detail: early.detail });
    expect(decided).toMatchObject({
      status: 422,
      decided: true,
      bidId: 'b-1',
      visiblePriceCents: 500,
    });
  });

  it('carries the decision’s own detail when it has one', () => {
    const body = problemBody(
      decidedRefusal('invalid_command', 'title must be 1-300 characters', {}),
    );
    expect(body).toMatchObject({ status: 422, detail: 'title must be 1-300 characters' });
  });

  it('keeps the standard members over extension members of the same name', () => {
    const body = problemBody(refusal('has_bids', undefined, { status: 200, code: 'fine' }));
    expect(body).toMatchObject({ status: 409, code: 'has_bids' });
  });

  it('with a reason the processor never writes is a bug, not a refusal', () => {
    expect(() => decidedRefusal('auction_not_open', null, {})).toThrow(/unknown reason/);
    expect(() => decidedRefusal(null, null, {})).toThrow(/unknown reason/);
  });
});

describe('an invalid_command refusal names the field as the request spells it', () => {
  it.each([
    ['buyNowPriceCents must be at least reservePriceCents: …', 'buyNowPrice'],
    ['startingPriceCents must be whole cents, 1 to …', 'startingPrice'],
    ['reservePriceCents must be whole cents, …', 'reservePrice'],
    ['incrementTable[1].incrementCents is too large: …', 'incrementTable[1].increment'],
    ['incrementTable[0].fromCents must be 0 …', 'incrementTable[0].from'],
    ['incrementTable must have at least one step', 'incrementTable'],
    ['antiSnipingWindowMs must be whole milliseconds, …', 'antiSnipingWindowSeconds'],
    ['endsAt must be after startsAt', 'endsAt'],
  ])('%j: field %s, early and decided alike', (detail, field) => {
    expect(problemBody(refusal('invalid_command', detail))).toMatchObject({ detail, field });
    expect(problemBody(decidedRefusal('invalid_command', detail, {}))).toMatchObject({ field });
  });

  it('names none when the detail names no request field, or for another reason', () => {
    expect(
      problemBody(refusal('invalid_command', 'sellerId must be 1-200 characters')),
    ).not.toHaveProperty('field');
    expect(problemBody(refusal('invalid_command'))).not.toHaveProperty('field');
    expect(problemBody(refusal('item_has_open_auction', 'title …'))).not.toHaveProperty('field');
    expect(problemBody(refusal('invalid_command', 'toString x'))).not.toHaveProperty('field');
  });
});
