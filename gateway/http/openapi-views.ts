/**
 * The answers' bodies, for the API description only (gateway/http/openapi.ts): the views the
 * routes answer are TypeScript types (gateway/reads/*), checked by the compiler, not at run time.
 * The component tests validate real answers against these, so they cannot drift unnoticed.
 */
import { z } from 'zod';

const money = (name: string) => ({
  [`${name}Cents`]: z.number().int(),
  [name]: z.string(),
});
const nullableMoney = (name: string) => ({
  [`${name}Cents`]: z.number().int().nullable(),
  [name]: z.string().nullable(),
});
const time = z.iso.datetime();

export const auctionView = z.object({
  auctionId: z.string(),
  itemId: z.string(),
  title: z.string(),
  sellerId: z.string(),
  externalRef: z.string().nullable(),
  status: z.enum(['scheduled', 'open', 'closed', 'cancelled']),
  currency: z.string(),
  ...money('startingPrice'),
  ...money('visiblePrice'),
  ...nullableMoney('minimumNextBid'),
  ...nullableMoney('buyNowPrice'),
  leaderId: z.string().nullable(),
  bidCount: z.number().int(),
  hasReserve: z.boolean(),
  reserveMet: z.boolean().nullable(),
  startsAt: time,
  endsAt: time,
  antiSnipingWindowSeconds: z.number(),
  antiSnipingExtensionSeconds: z.number(),
  incrementTable: z.array(z.object({ ...money('from'), ...money('increment') })),
  outcome: z.string().nullable(),
  winnerId: z.string().nullable(),
  finalPriceCents: z.number().int().nullable(),
  sequence: z.number().int(),
});

export const priceStepView = z.object({
  bidId: z.string(),
  bidderId: z.string(),
  ...money('visiblePrice'),
  leading: z.boolean(),
  leaderId: z.string(),
  placedAt: time,
});

/** A bid or a buy-now, decided (200) or not yet (202). */
export const bidDecided = z.object({
  status: z.literal('decided'),
  bidId: z.string(),
  auctionId: z.string(),
  bidderId: z.string(),
  accepted: z.boolean(),
  reason: z.string().nullable(),
  ...money('visiblePrice'),
  leading: z.boolean(),
  placedAt: time,
  leaderId: z.string().nullable(),
  extended: z.object({ previousEndsAt: time, newEndsAt: time }).nullable(),
});
export const bidPending = z.object({ status: z.literal('pending'), bidId: z.string() });

export const commandDecided = z.object({
  status: z.literal('decided'),
  commandId: z.string(),
  accepted: z.boolean(),
  /** Null: a refusal is answered as a problem instead. */
  reason: z.string().nullable(),
  detail: z.string().nullable(),
});
export const commandPending = z.object({
  status: z.literal('pending'),
  commandId: z.string(),
  auctionId: z.string().optional(),
});

export const myBidView = z.object({
  bidId: z.string(),
  auctionId: z.string(),
  title: z.string().nullable(),
  status: z.enum(['scheduled', 'open', 'closed', 'cancelled']).nullable(),
  currency: z.string(),
  ...nullableMoney('visiblePrice'),
  kind: z.string(),
  ...nullableMoney('maxAmount'),
  accepted: z.boolean(),
  reason: z.string().nullable(),
  placedAt: time,
  standing: z.enum(['leading', 'outbid', 'won', 'lost', 'refused']),
});

const notificationCommon = {
  id: z.string(),
  auctionId: z.string(),
  title: z.string(),
  at: time,
  message: z.string(),
  currency: z.string(),
};
/** What each kind carries besides (gateway/reads/notifications.ts). */
export const notificationView = z.discriminatedUnion('kind', [
  z.object({
    ...notificationCommon,
    // new_bid: a bid accepted on the reader's own auction (its leader and price).
    kind: z.enum(['outbid', 'new_bid']),
    leaderId: z.string(),
    ...money('visiblePrice'),
  }),
  z.object({
    ...notificationCommon,
    kind: z.enum(['won', 'lost', 'sold', 'unsold', 'closed']),
    outcome: z.string(),
    winnerId: z.string().nullable(),
    ...nullableMoney('price'),
  }),
  z.object({
    ...notificationCommon,
    kind: z.literal('extended'),
    previousEndsAt: time,
    newEndsAt: time,
  }),
  z.object({ ...notificationCommon, kind: z.literal('cancelled') }),
]);

/** One page of a list (gateway/http/paging.ts). */
export const pageOf = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.string().nullable(),
  });

export const userStatsView = z.object({
  userId: z.string(),
  bidsPlaced: z.number().int(),
  bidsAccepted: z.number().int(),
  bidsRejected: z.number().int(),
  auctionsBidOn: z.number().int(),
  auctionsWon: z.number().int(),
  ...money('totalSpent'),
  lastActivityAt: time.nullable(),
});

export const auctionLeaderboardView = z.object({
  auctionId: z.string(),
  bidders: z.array(
    z.object({
      rank: z.number().int(),
      bidderId: z.string(),
      leading: z.boolean(),
      ...money('highestVisibleBid'),
    }),
  ),
});

export const topWinnersView = z.object({
  by: z.enum(['spent', 'won']),
  winners: z.array(
    z.object({
      rank: z.number().int(),
      userId: z.string(),
      totalSpentCents: z.number().int().optional(),
      totalSpent: z.string().optional(),
      auctionsWon: z.number().int().optional(),
    }),
  ),
});

export const hotAuctionsView = z.object({
  minutes: z.number().int(),
  auctions: z.array(
    z.object({ rank: z.number().int(), auctionId: z.string(), bids: z.number().int() }),
  ),
});

export const healthView = z.object({ status: z.literal('ok') });
export const readinessView = z.object({
  ok: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })),
});
export const tokenView = z.object({ token: z.string(), userId: z.string() });
/** GET /auth/config: how the page signs in (gateway/access/token-verification.ts, SignIn). */
export const authConfigView = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('development') }),
  z.object({
    mode: z.literal('provider'),
    issuer: z.string(),
    authorizationEndpoint: z.string(),
    tokenEndpoint: z.string(),
    clientId: z.string(),
    audience: z.string(),
    scope: z.string(),
    userClaim: z.string(),
  }),
  z.object({ mode: z.literal('none') }),
]);

/**
 * Every refusal: RFC 9457 problem details with the API's stable `code` (gateway/http/problems.ts),
 * and members of its own (a refused bid's id and price, for one).
 */
export const problemView = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  field: z.string().optional(),
  limit: z.string().optional(),
  instance: z.string().optional(),
});
