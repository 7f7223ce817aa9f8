/** Bounds on every value a command brings into the store, judged by the pure rules. */
import { describe, expect, it } from 'vitest';
import type { CreateAuction } from './commands.js';
import { decide } from './decide.js';
import {
  bid,
  buyNow,
  cancel,
  close,
  create,
  created,
  CREATE_NOW,
  DAY,
  END,
  given,
  T0,
} from './given.js';
import { DEFAULT_AUCTION_LIMITS, LATEST_STORABLE_TIME, type AuctionLimits } from './limits.js';
import { NOT_CREATED } from './state.js';

const SECOND = 1000;
const NUL = '\u0000';

/** The create's rejection detail, or 'accepted'. */
function createOutcome(
  terms: Partial<Omit<CreateAuction, 'type'>>,
  now = CREATE_NOW,
  limits: AuctionLimits = DEFAULT_AUCTION_LIMITS,
) {
  const [event] = decide(create(terms), NOT_CREATED, { now, limits, itemHasOpenAuction: false });
  if (event?.type === 'AuctionCreated') return 'accepted';
  expect(event).toMatchObject({ type: 'CommandRejected', reason: 'invalid_command' });
  return event?.type === 'CommandRejected' ? event.detail : event?.type;
}

describe('a create starts near now', () => {
  it('given now, when startsAt is up to the skew (300 s) in the past, then it is accepted', () => {
    expect(createOutcome({ startsAt: T0 - 300 * SECOND, endsAt: END })).toBe('accepted');
  });

  it('given now, when startsAt is further in the past than the skew, then startsAt is named', () => {
    expect(createOutcome({ startsAt: T0 - 301 * SECOND, endsAt: END })).toBe(
      'startsAt must not be more than 300 s in the past',
    );
  });

  it('given now, when startsAt is 365 days ahead it is accepted, a day more is refused', () => {
    const startsAt = T0 + 365 * DAY;
    expect(createOutcome({ startsAt, endsAt: startsAt + DAY })).toBe('accepted');
    expect(createOutcome({ startsAt: startsAt + DAY, endsAt: startsAt + 2 * DAY })).toBe(
      'startsAt must be at most 365 days ahead',
    );
  });

  it('when startsAt is in year 9999 or year 0, then startsAt is named', () => {
    const year9999 = Date.UTC(9999, 11, 31, 23, 59, 59);
    expect(createOutcome({ startsAt: year9999, endsAt: year9999 + 60 * SECOND })).toMatch(
      /^startsAt/,
    );
    const year0 = Date.UTC(0, 0, 1) - 1900 * 365 * DAY;
    expect(createOutcome({ startsAt: year0, endsAt: T0 + DAY })).toMatch(/^startsAt/);
  });

  it('the limits are passed in: a wider skew lets an older start through', () => {
    const limits = { ...DEFAULT_AUCTION_LIMITS, startSkewMs: DAY };
    expect(createOutcome({ startsAt: T0 - DAY / 2, endsAt: END }, CREATE_NOW, limits)).toBe(
      'accepted',
    );
  });
});

describe('a create runs at most the longest duration', () => {
  it('when it runs exactly 30 days it is accepted; a millisecond more names endsAt', () => {
    expect(createOutcome({ endsAt: T0 + 30 * DAY })).toBe('accepted');
    expect(createOutcome({ endsAt: T0 + 30 * DAY + 1 })).toBe(
      'endsAt must be at most 30 days after startsAt',
    );
  });

  it('when endsAt is in year 9999, then endsAt is named', () => {
    expect(createOutcome({ endsAt: LATEST_STORABLE_TIME })).toMatch(/^endsAt/);
    expect(createOutcome({ endsAt: LATEST_STORABLE_TIME + 1 })).toBe(
      'endsAt must be between 1970 and the end of 9999',
    );
  });

  it('soft-close terms longer than the longest duration are refused', () => {
    expect(createOutcome({ antiSnipingWindowMs: 31 * DAY })).toMatch(/^antiSnipingWindowMs/);
    expect(createOutcome({ antiSnipingExtensionMs: 31 * DAY })).toMatch(/^antiSnipingExtensionMs/);
  });
});

describe('a create stores no control character and no overlong string', () => {
  it.each([
    ['auctionId', { auctionId: `a${NUL}1` }],
    ['sellerId', { sellerId: `sel${NUL}ler` }],
    ['itemId', { itemId: 'item\u001f' }],
    ['title', { title: `Cartier${NUL}` }],
    ['title', { title: 'line\nbreak' }],
    ['externalRef', { externalRef: 'ref\u007f' }],
  ] as const)('when %s holds one, then it is named', (field, terms) => {
    expect(createOutcome(terms)).toBe(`${field} must not contain control characters`);
  });

  it.each([
    ['sellerId', { sellerId: '' }, 200],
    ['itemId', { itemId: 'i'.repeat(201) }, 200],
    ['title', { title: 't'.repeat(301) }, 300],
  ] as const)('when %s is empty or too long, then it is named', (field, terms, max) => {
    expect(createOutcome(terms)).toBe(`${field} must be 1-${max} characters`);
  });

  it('accepts ids of 200 and a title of 300 printable characters, unicode included', () => {
    expect(createOutcome({ itemId: 'é'.repeat(200), title: '手'.repeat(300) })).toBe('accepted');
  });
});

describe('bids, buy-now and cancels hold the same bounds on what they store', () => {
  it('when the bidder id holds a NUL, then the bid is refused as invalid_command naming it', () => {
    const b = { ...bid('alice', 10_000), bidderId: `ali${NUL}ce` };
    expect(given([created()]).when(b).events).toEqual([
      expect.objectContaining({
        type: 'BidRejected',
        reason: 'invalid_command',
        detail: 'bidderId must not contain control characters',
      }),
    ]);
  });

  it('when the bid id is overlong or placedAt is past year 9999, then the field is named', () => {
    const longId = { ...bid('alice', 10_000), bidId: 'b'.repeat(201) };
    expect(given([created()]).when(longId).events[0]).toMatchObject({ detail: /^bidId/ });
    const late = bid('alice', 10_000, LATEST_STORABLE_TIME + 1);
    expect(given([created()]).when(late).events[0]).toMatchObject({
      reason: 'invalid_command',
      detail: /^placedAt/,
    });
  });

  it('when the buyer id holds a control character, then buy-now is refused naming it', () => {
    const b = { ...buyNow('bob'), buyerId: 'bob\u0007' };
    expect(given([created({ buyNowPriceCents: 50_000 })]).when(b).events[0]).toMatchObject({
      type: 'BidRejected',
      reason: 'invalid_command',
      detail: 'buyerId must not contain control characters',
    });
  });

  it('when the canceller id holds a NUL, then the cancel is refused naming requestedBy', () => {
    expect(given([created()]).when(cancel(`seller${NUL}`)).events).toEqual([
      {
        type: 'CommandRejected',
        auctionId: 'a-1',
        reason: 'invalid_command',
        detail: 'requestedBy must not contain control characters',
      },
    ]);
  });

  it('a close stamped past year 9999 is ignored (no events)', () => {
    expect(given([created()]).when(close(LATEST_STORABLE_TIME + 1)).events).toEqual([]);
  });

  it('valid bids, buy-now and cancels are unaffected', () => {
    expect(given([created()]).when(bid('alice', 10_000)).events[0]?.type).toBe('BidAccepted');
    expect(given([created()]).when(cancel('seller')).events[0]?.type).toBe('AuctionCancelled');
  });
});
