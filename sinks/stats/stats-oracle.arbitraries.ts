/**
 * Test-only (the stats oracle): random event logs cut into random batches. A few auctions,
 * items and users, so that pairs, items and minutes repeat. Each auction's events keep the
 * order the processor gives them (its creation first), the auctions interleave at random, and
 * some events are delivered again later, in the same batch or a later one, as Debezium may.
 * Closes and extensions fall anywhere among an auction's bids, and there may be two creations
 * or two closes: stricter than the real order, which the sink must handle all the same.
 */
import fc from 'fast-check';
import type { CloseOutcome, Event } from '../../contracts/events.js';
import { metadata } from '../testing/events.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2030, 0, 1, 12);
const AUCTIONS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const ITEMS = ['i1', 'i2', 'i3'];
const USERS = ['u1', 'u2', 'u3', 'u4'];
const OUTCOMES: CloseOutcome[] = ['sold', 'no_bids', 'reserve_not_met', 'bought_now'];

const moment = fc.integer({ min: 0, max: 12 * MINUTE }).map((ms) => T0 + ms);
const user = fc.constantFrom(...USERS);

const create = fc.record({
  itemId: fc.constantFrom(...ITEMS),
  startingPriceCents: fc.integer({ min: 1, max: 10_000 }),
  endsAt: moment,
});

const step = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('accepted' as const), user, at: moment }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rejected' as const), user, at: moment }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extended' as const), at: moment }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('closed' as const),
      winner: fc.option(user, { nil: null, freq: 4 }),
      price: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null, freq: 4 }),
      outcome: fc.constantFrom(...OUTCOMES),
      at: moment,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outbid' as const), user }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
type Create = typeof create extends fc.Arbitrary<infer C> ? C : never;

/** One auction's events: its creations (usually one, sometimes none or two), then its steps. */
const auctionLog = fc.record({
  creates: fc.oneof(
    { weight: 8, arbitrary: fc.array(create, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(create, { minLength: 2, maxLength: 2 }) },
  ),
  // Sort keys, so that the auctions interleave while each keeps its own order.
  createKey: fc.nat(1_000),
  steps: fc.array(fc.tuple(step, fc.nat(1_000)), { maxLength: 14 }),
});

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function toEvent(auctionId: string, id: string, s: Step | Create): Event {
  const meta = { ...metadata(id), auctionId };
  if (!('kind' in s)) {
    return {
      type: 'AuctionCreated',
      metadata: meta,
      data: {
        sellerId: 'seller',
        itemId: s.itemId,
        title: 'lot',
        startingPriceCents: s.startingPriceCents,
        hasReserve: false,
        buyNowPriceCents: null,
        startsAt: T0 - MINUTE,
        endsAt: s.endsAt,
        antiSnipingWindowMs: 0,
        antiSnipingExtensionMs: 0,
        externalRef: null,
      },
    };
  }
  switch (s.kind) {
    case 'accepted':
      return {
        type: 'BidAccepted',
        metadata: meta,
        data: {
          bidId: `bid-${id}`,
          bidderId: s.user,
          visiblePriceCents: 100,
          leaderId: s.user,
          leading: true,
          placedAt: s.at,
        },
      };
    case 'rejected':
      return {
        type: 'BidRejected',
        metadata: meta,
        data: {
          bidId: `bid-${id}`,
          bidderId: s.user,
          reason: 'bid_too_low',
          visiblePriceCents: 100,
          placedAt: s.at,
        },
      };
    case 'extended':
      return {
        type: 'AuctionExtended',
        metadata: meta,
        data: { previousEndsAt: T0, newEndsAt: s.at, byBidId: `bid-${id}` },
      };
    case 'closed':
      return {
        type: 'AuctionClosed',
        metadata: meta,
        data: { outcome: s.outcome, winnerId: s.winner, priceCents: s.price, closedAt: s.at },
      };
    case 'outbid':
      return {
        type: 'Outbid',
        metadata: meta,
        data: { bidderId: s.user, leaderId: 'u0', visiblePriceCents: 100, shownAmountCents: 90 },
      };
  }
}

/** A log of events and the batches it is delivered in. */
export const deliveries = fc
  .record({
    auctions: fc.array(auctionLog, { minLength: 1, maxLength: AUCTIONS.length }),
    redeliveries: fc.array(fc.record({ of: fc.nat(), after: fc.nat(20) }), { maxLength: 6 }),
    // Small batches and, as often, batches that take most of the log at once.
    batchSizes: fc.array(
      fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 80 })),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
  })
  .map(({ auctions, redeliveries, batchSizes }) => {
    let n = 0;
    const keyed: { key: number; event: Event }[] = [];
    auctions.forEach((log, a) => {
      const auctionId = AUCTIONS[a]!;
      const keys = log.steps.map(([, key]) => log.createKey + key).sort((x, y) => x - y);
      for (const c of log.creates)
        keyed.push({ key: log.createKey, event: toEvent(auctionId, uuid(n++), c) });
      log.steps.forEach(([s], i) =>
        keyed.push({ key: keys[i]!, event: toEvent(auctionId, uuid(n++), s) }),
      );
    });
    // A stable sort: each auction's own events stay in their order.
    const log = keyed.sort((x, y) => x.key - y.key).map((k) => k.event);
    for (const { of, after } of redeliveries) {
      if (log.length === 0) break;
      const index = of % log.length;
      log.splice(Math.min(log.length, index + 1 + after), 0, log[index]!);
    }
    const batches: Event[][] = [];
    for (let at = 0, b = 0; at < log.length; b += 1) {
      const size = batchSizes[b % batchSizes.length]!;
      batches.push(log.slice(at, at + size));
      at += size;
    }
    return { log, batches };
  });
