/**
 * In-memory fakes of the gateway's narrow ports, written once for every component test: the read
 * model, the publisher (which records what it is given), the decision waiter, the auction facts
 * and decided bids, idempotency fingerprints, rate limits, the stats table, the leaderboards and
 * the live feed's history. They hold plain data and no rules: whatever the tests expect comes
 * from the README and the refusal table, written into the tests themselves.
 */
import type pg from 'pg';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { toCommandRecord } from '../../contracts/commands.js';
import type { Event } from '../../contracts/events.js';
import type { Queryable } from '../../platform/queryable.js';
import { createLogger } from '../../platform/logger.js';
import type { CommandPublisher } from '../../producers/command-publisher.js';
import type { LeaderboardReads, Ranked } from '../../sinks/leaderboard/public.js';
import type { AuctionFacts, LoadAuctionFacts } from '../reads/auction-directory.js';
import type { DecidedBids } from '../reads/bid-reads.js';
import type { DecisionWaiter } from '../commands/decision-waiter.js';
import type { FingerprintStore } from '../commands/idempotency.js';
import type { EventHistory } from '../live/history.js';
import { rateLimit, userAndAddressLimit, type UserAndAddressLimit } from '../access/limiters.js';
import type {
  AuctionView,
  BidDecisionView,
  ExtensionView,
  PriceStepView,
  ReadModel,
} from '../reads/read-model.js';

/** Silent unless TEST_LOG_LEVEL says otherwise (e.g. `error` to see what a 500 was). */
export const silentLogger = createLogger('component-test', process.env.TEST_LOG_LEVEL ?? 'silent');

// ---------------------------------------------------------------- the publisher

/** Whatever the publisher takes: recorded as given, read only through `commandView`. */
export type PublishedCommand = Parameters<CommandPublisher['publish']>[0];

/** A published command as the tests look at it. The one place that knows the command's shape. */
export interface CommandView {
  readonly type: string;
  readonly auctionId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export function commandView(command: PublishedCommand): CommandView {
  return {
    type: command.type,
    auctionId: command.metadata.auctionId,
    fields: toCommandRecord(command),
  };
}

export class FakePublisher implements CommandPublisher {
  readonly commands: PublishedCommand[] = [];
  /** Called with each command as it is published: a test acting as the processor. */
  onPublish: ((command: CommandView) => void) | undefined;
  /** Set to make every publish fail with it. */
  failure: Error | undefined;

  publish(command: PublishedCommand): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.commands.push(command);
    this.onPublish?.(commandView(command));
    return Promise.resolve();
  }
}

/** What `fake` was given, in order. */
export const published = (fake: FakePublisher): CommandView[] => fake.commands.map(commandView);

// ---------------------------------------------------------------- auctions and decisions

/**
 * An auction as GET /auctions/:id shows it, stored whole: gateway/reads/read-model.ts derives the view
 * (`scheduled`, the minimum next bid, buy-now while available) in a function it does not export,
 * so each test writes out the view it means, as the README's API section gives it.
 */
export type StoredAuction = AuctionView;

export interface StoredBid extends BidDecisionView {
  readonly kind: 'bid' | 'buy_now';
  readonly maxAmountCents: number | null;
}

export interface StoredCommandDecision {
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly detail: string | null;
}

/** A step of the price history, written out whole (its `leaderId` too) as the README gives it. */
export type PriceStep = PriceStepView;

/** The processors' tables, as plain maps. */
export class InMemoryAuctions {
  readonly auctions = new Map<string, StoredAuction>();
  readonly bids = new Map<string, StoredBid>();
  readonly commands = new Map<string, StoredCommandDecision>();
  /** By auction: its price history, oldest first. */
  readonly steps = new Map<string, PriceStep[]>();
  /** By bid id: the end each bid moved (its AuctionExtended event). */
  readonly extensions = new Map<string, ExtensionView>();

  put(auction: StoredAuction) {
    this.auctions.set(auction.auctionId, auction);
    return auction;
  }
}

export function inMemoryReadModel(world: InMemoryAuctions): ReadModel {
  const all = () => [...world.auctions.values()];
  return {
    auction: (auctionId) => Promise.resolve(world.auctions.get(auctionId)),
    auctionsIn: (ids) => Promise.resolve(ids.flatMap((id) => world.auctions.get(id) ?? [])),
    openAuctionForItem: (sellerId, itemId) =>
      Promise.resolve(
        all().find(
          (a) => a.sellerId === sellerId && a.itemId === itemId && storedStatus(a) === 'open',
        )?.auctionId,
      ),
    auctions(filter) {
      const words = filter.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
      const matching = all().filter(
        (a) =>
          (!filter.status || a.status === filter.status) &&
          (!filter.itemId || a.itemId === filter.itemId) &&
          (!filter.sellerId || a.sellerId === filter.sellerId) &&
          (!filter.externalRef || a.externalRef === filter.externalRef) &&
          words.every((w) => a.title.toLowerCase().includes(w)),
      );
      // Newest: the last put first; ending soonest: by the end, then the id.
      if (filter.sort === 'ending_soonest')
        matching.sort(
          (a, b) => a.endsAt.localeCompare(b.endsAt) || a.auctionId.localeCompare(b.auctionId),
        );
      else matching.reverse();
      const items = matching.slice(filter.offset, filter.offset + filter.limit);
      return Promise.resolve({ items, total: matching.length });
    },
    priceSteps(auctionId, { limit, offset }) {
      const steps = world.steps.get(auctionId) ?? [];
      return Promise.resolve({ items: steps.slice(offset, offset + limit), total: steps.length });
    },
    bidDecision(bidId) {
      const bid = world.bids.get(bidId);
      if (!bid) return Promise.resolve(undefined);
      const { kind: _kind, maxAmountCents: _max, ...view } = bid;
      return Promise.resolve(view);
    },
    commandDecision: (commandId) => Promise.resolve(world.commands.get(commandId)),
    extension: (_auctionId, bidId) => Promise.resolve(world.extensions.get(bidId) ?? null),
  };
}

/** The status the processor stores: `scheduled` is an open auction whose start is ahead. */
const storedStatus = (a: StoredAuction) => (a.status === 'scheduled' ? 'open' : a.status);

export function inMemoryAuctionFacts(world: InMemoryAuctions): LoadAuctionFacts {
  return (ids) => {
    const found = new Map<string, AuctionFacts>();
    for (const id of ids) {
      const a = world.auctions.get(id);
      if (!a) continue;
      found.set(id, {
        status: storedStatus(a),
        sellerId: a.sellerId,
        startsAt: Date.parse(a.startsAt),
        endsAt: Date.parse(a.endsAt),
        bidCount: a.bidCount,
        // Shown only while available; once not, buy-now is refused whatever the term was.
        buyNowPriceCents: a.buyNowPriceCents ?? undefined,
      });
    }
    return Promise.resolve(found);
  };
}

export function inMemoryDecidedBids(world: InMemoryAuctions): DecidedBids {
  return (bidId) => {
    const bid = world.bids.get(bidId);
    return Promise.resolve(
      bid && { kind: bid.kind, auctionId: bid.auctionId, maxAmountCents: bid.maxAmountCents },
    );
  };
}

/** Answers at once whether the decision is there: decisions are recorded as commands are published. */
export class InstantWaiter implements DecisionWaiter {
  readonly waits: { id: string; timeoutMs: number }[] = [];

  async wait(id: string, timeoutMs: number, isDecided: () => Promise<boolean>) {
    this.waits.push({ id, timeoutMs });
    return isDecided();
  }
}

// ---------------------------------------------------------------- Redis-backed ports

/** Like Redis's SET NX GET: the first claim wins, every later one learns what it was. */
export function inMemoryFingerprints(): FingerprintStore {
  const ids = new Map<string, string>();
  return {
    claim(id, fingerprint) {
      const previous = ids.get(id) ?? null;
      if (previous === null) ids.set(id, fingerprint);
      return Promise.resolve(previous);
    },
  };
}

/** `points` requests per user (and 1000 per address) in each window of `seconds`. */
export function memoryRateLimit(points: number, seconds = 60): UserAndAddressLimit {
  return userAndAddressLimit(
    rateLimit(
      new RateLimiterMemory({ points, duration: seconds }),
      { what: 'requests from this user', limit: `TEST_LIMIT=${points}` },
      silentLogger,
    ),
    rateLimit(
      new RateLimiterMemory({ points: 1000, duration: seconds }),
      { what: 'requests from this address', limit: 'TEST_ADDRESS_LIMIT=1000' },
      silentLogger,
    ),
  );
}

export interface StatsRow {
  readonly bids_placed: number;
  readonly bids_accepted: number;
  readonly bids_rejected: number;
  readonly auctions_bid_on: number;
  readonly auctions_won: number;
  readonly total_spent_cents: string;
  readonly last_activity_at: Date | null;
}

/** The user_stats table: answers the one query the stats route makes, by its first parameter. */
export function inMemoryStats(rows: ReadonlyMap<string, StatsRow>): Queryable {
  return {
    query<Row extends pg.QueryResultRow>(_text: string, values?: unknown[]) {
      const row = rows.get(String(values?.[0]));
      return Promise.resolve({ rows: row ? [row] : [] } as unknown as pg.QueryResult<Row>);
    },
  };
}

/** A row of an auction's standings (sinks/leaderboard/standings.ts), as the sink's reads give it. */
export type Standing = Awaited<ReturnType<LeaderboardReads['auction']>>[number];

export interface Boards {
  readonly auctions: ReadonlyMap<string, readonly Standing[]>;
  readonly spent: readonly Ranked[];
  readonly won: readonly Ranked[];
  readonly hot: readonly Ranked[];
}

/** Leaderboards already ranked; records what was asked. */
export function inMemoryLeaderboards(boards: Boards) {
  const asked: unknown[][] = [];
  const reads: LeaderboardReads = {
    auction: (auctionId, limit) => {
      asked.push(['auction', auctionId, limit]);
      return Promise.resolve((boards.auctions.get(auctionId) ?? []).slice(0, limit));
    },
    topWinners: (by, limit) => {
      asked.push(['topWinners', by, limit]);
      return Promise.resolve((by === 'spent' ? boards.spent : boards.won).slice(0, limit));
    },
    hotAuctions: (minutes, limit, now) => {
      asked.push(['hotAuctions', minutes, limit, now]);
      return Promise.resolve(boards.hot.slice(0, limit));
    },
  };
  return { reads, asked };
}

// ---------------------------------------------------------------- the live feed

/** auction_events and the accepted bidders, in memory. */
export class InMemoryHistory {
  readonly events: Event[] = [];
  readonly acceptedBidders = new Map<string, Set<string>>();

  append(event: Event) {
    this.events.push(event);
    if (event.type === 'BidAccepted') {
      const { auctionId } = event.metadata;
      const set = this.acceptedBidders.get(auctionId) ?? new Set<string>();
      set.add(event.data.bidderId);
      this.acceptedBidders.set(auctionId, set);
    }
  }

  asPort(): EventHistory {
    const of = (auctionId: string) => this.events.filter((e) => e.metadata.auctionId === auctionId);
    return {
      after: (auctionId, sequence, limit = 10_000) =>
        Promise.resolve(
          of(auctionId)
            .filter((e) => e.metadata.sequence > sequence)
            .sort((a, b) => a.metadata.sequence - b.metadata.sequence)
            .slice(0, limit),
        ),
      latest: (auctionId) =>
        Promise.resolve(Math.max(0, ...of(auctionId).map((e) => e.metadata.sequence))),
      bidders: (auctionId) => Promise.resolve([...(this.acceptedBidders.get(auctionId) ?? [])]),
      seller: (auctionId) => {
        const created = of(auctionId).find((e) => e.type === 'AuctionCreated');
        return Promise.resolve(
          created?.type === 'AuctionCreated' ? created.data.sellerId : undefined,
        );
      },
    };
  }
}
