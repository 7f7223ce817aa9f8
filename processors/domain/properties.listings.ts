/**
 * Test-only: random scripts over several auctions of a few sellers and items (listing, bidding,
 * cancelling, closing), run through the domain's decider and through the reference market side by
 * side, so that "one open auction per item and seller" is checked against an independent model:
 * a second listing while the first is open, a relisting after a close or cancel, the same item
 * of another seller, an auction id used twice.
 */
import fc from 'fast-check';
import { ReferenceMarket } from '../../reference-model/market.js';
import type { ModelCommand, ModelVerdict, ModelView } from '../../reference-model/auction.js';
import type { AuctionCommand, CreateAuction } from './commands.js';
import { auctionDecider } from './decider.js';
import { HOUR, T0 } from './given.js';
import { DEFAULT_AUCTION_LIMITS } from './limits.js';
import { toDomain, verdictOf } from './properties.lockstep.js';
import type { AuctionDeciderState } from './state.js';

const AUCTION_IDS = ['l-0', 'l-1', 'l-2', 'l-3', 'l-4', 'l-5', 'l-6', 'l-7'] as const;
const SELLERS = ['seller', 'seller-2'] as const;
const ITEMS = ['item-1', 'item-2'] as const;
/** Three hours, so that random steps up to two hours apart often reach an auction's end. */
const LISTING_MS = 3 * HOUR;
const STARTING_PRICE_CENTS = 1_000;

export type ListingStep =
  | {
      readonly kind: 'list';
      readonly auction: number;
      readonly seller: number;
      readonly item: number;
      readonly gap: number;
    }
  | {
      readonly kind: 'bid' | 'cancel';
      readonly auction: number;
      readonly who: string;
      readonly gap: number;
    }
  | { readonly kind: 'close'; readonly auction: number; readonly gap: number };

const auction = fc.nat(AUCTION_IDS.length - 1);
const gap = fc.integer({ min: 0, max: 2 * HOUR });
/** A cancel comes from one of the sellers mostly, so that some are allowed. */
const who = fc.constantFrom(...SELLERS, 'alice', 'bob');

export const listingScripts: fc.Arbitrary<ListingStep[]> = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('list' as const),
        auction,
        seller: fc.nat(SELLERS.length - 1),
        item: fc.nat(ITEMS.length - 1),
        gap,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('bid' as const), auction, who, gap }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('cancel' as const), auction, who, gap }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), auction, gap }) },
  ),
  { maxLength: 30, size: 'medium' },
);

/** A step made concrete: which auction, and what was asked of it. */
export type ListingCommand =
  | {
      readonly kind: 'list';
      readonly auctionId: string;
      readonly sellerId: string;
      readonly itemId: string;
      readonly at: number;
    }
  | { readonly kind: 'onAuction'; readonly auctionId: string; readonly command: ModelCommand };

export interface ListingObserved {
  readonly verdict: ModelVerdict;
  /** The named auction's status after the step; null while it was never listed. */
  readonly status: ModelView['status'] | null;
}

export interface ListingLockstepStep {
  readonly command: ListingCommand;
  readonly implementation: ListingObserved;
  readonly model: ListingObserved;
}

function concrete(step: ListingStep, at: number, n: number): ListingCommand {
  const auctionId = AUCTION_IDS[step.auction] ?? AUCTION_IDS[0];
  switch (step.kind) {
    case 'list':
      return {
        kind: 'list',
        auctionId,
        sellerId: SELLERS[step.seller] ?? SELLERS[0],
        itemId: ITEMS[step.item] ?? ITEMS[0],
        at,
      };
    case 'bid':
      return {
        kind: 'onAuction',
        auctionId,
        command: { kind: 'bid', bidderId: step.who, maxCents: STARTING_PRICE_CENTS + n, at },
      };
    case 'cancel':
      return { kind: 'onAuction', auctionId, command: { kind: 'cancel', by: step.who, at } };
    case 'close':
      return { kind: 'onAuction', auctionId, command: { kind: 'close', at } };
    default: {
      const unreachable: never = step;
      throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
    }
  }
}

const createOf = (c: Extract<ListingCommand, { kind: 'list' }>): CreateAuction => ({
  type: 'CreateAuction',
  auctionId: c.auctionId,
  sellerId: c.sellerId,
  itemId: c.itemId,
  title: 'Listed item',
  startingPriceCents: STARTING_PRICE_CENTS,
  startsAt: c.at,
  endsAt: c.at + LISTING_MS,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
});

/** Both sides, step by step. The domain's side learns whether the item is open from its own states. */
export function lockstepListings(script: readonly ListingStep[]): ListingLockstepStep[] {
  const { decide, evolve, initialState } = auctionDecider;
  const model = new ReferenceMarket();
  const states = new Map<string, AuctionDeciderState>();
  const itemHasOpenAuction = (sellerId: string, itemId: string) =>
    [...states.values()].some(
      (s) => s.status === 'open' && s.sellerId === sellerId && s.itemId === itemId,
    );
  let at = T0;
  return script.map((step, n) => {
    at += step.gap;
    const command = concrete(step, at, n);
    const domainCommand: AuctionCommand =
      command.kind === 'list' ? createOf(command) : toDomain(command.command, n, command.auctionId);
    const state = states.get(command.auctionId) ?? initialState;
    const events = decide(domainCommand, state, {
      now: at,
      limits: DEFAULT_AUCTION_LIMITS,
      itemHasOpenAuction:
        command.kind === 'list' && itemHasOpenAuction(command.sellerId, command.itemId),
    });
    const after = events.reduce(evolve, state);
    states.set(command.auctionId, after);

    const modelVerdict =
      command.kind === 'list'
        ? model.list(command.auctionId, command.itemId, {
            sellerId: command.sellerId,
            startingPriceCents: STARTING_PRICE_CENTS,
            startsAt: command.at,
            endsAt: command.at + LISTING_MS,
            antiSnipingWindowMs: 0,
            antiSnipingExtensionMs: 0,
          })
        : model.apply(command.auctionId, command.command);
    return {
      command,
      implementation: {
        verdict: verdictOf(events),
        status: after.status === 'not_created' ? null : after.status,
      },
      model: { verdict: modelVerdict, status: model.view(command.auctionId)?.status ?? null },
    };
  });
}
