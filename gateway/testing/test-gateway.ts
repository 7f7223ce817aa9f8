/**
 * The gateway's HTTP app and WebSocket server, in this process on an ephemeral port, built on the
 * in-memory ports (in-memory-ports.ts): what a component test starts instead of the stack.
 * `emit` is the fake event source, standing where the Kafka event feed stands in gateway/main.ts.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { expect } from 'vitest';
import type { Event } from '../../contracts/events.js';
import { auctionDirectory } from '../reads/auction-directory.js';
import { createApp } from '../app.js';
import { issueToken, sharedSecretVerifier, type TokenSettings } from '../access/auth.js';
import type { TokenVerifier } from '../access/token-verifier.js';
import type { SignIn } from '../access/token-verification.js';
import { bidPlacement } from '../commands/bid-placement.js';
import { untimedStages } from '../commands/bid-stages.js';
import { idempotencyKeys } from '../commands/idempotency.js';
import { LiveHub } from '../live/live-hub.js';
import { attachSocketServer } from '../live/socket-server.js';
import type { Check } from '../http/readiness.js';
import {
  FakePublisher,
  InMemoryAuctions,
  InMemoryHistory,
  InstantWaiter,
  inMemoryAuctionFacts,
  inMemoryDecidedBids,
  inMemoryFingerprints,
  inMemoryLeaderboards,
  inMemoryReadModel,
  inMemoryStats,
  memoryRateLimit,
  silentLogger,
  type Boards,
  type StatsRow,
  type StoredAuction,
} from './in-memory-ports.js';
import {
  InMemoryEvents,
  inMemoryPersonalReadModel,
  inMemoryWatchlist,
} from './in-memory-personal.js';

export const TEST_TOKENS: TokenSettings = {
  secret: 'component-test-secret-of-at-least-32-bytes',
  issuer: 'auction-stream',
  audience: 'auction-api',
  maxLifetimeSeconds: 3600,
};

/** The gateway's clock in these tests: noon, 1 January 2030 (UTC). */
export const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
export const MINUTE = 60_000;
/** The content type of every refusal. */
export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
/** An auction id no test creates. */
export const MISSING_AUCTION = 'ffffffff-0000-4000-8000-00000000000f';

export interface TestGatewayOptions {
  readonly bidsPerUser?: number;
  readonly auctionsPerUser?: number;
  readonly bodyLimitBytes?: number;
  readonly checks?: Record<string, Check>;
  readonly stats?: ReadonlyMap<string, StatsRow>;
  readonly boards?: Boards;
  /** The currency of notifications' sentences (gateway config CURRENCY). */
  readonly currency?: string;
  /** The most auctions a watch list holds (200 in the gateway). */
  readonly watchlistMax?: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION (100 here). */
  readonly maxSubscriptionsPerConnection?: number;
  /** How tokens are checked (default: HS256 with TEST_TOKENS), and what GET /auth/config says. */
  readonly tokens?: { readonly verifier: TokenVerifier; readonly signIn: SignIn };
  /** The gateway's clock (default: NOW, noon on 1 January 2030). */
  readonly now?: () => number;
  /** Let the page the gateway serves open the WebSocket (its Origin): for browser tests. */
  readonly allowPageOrigin?: boolean;
}

const NO_BOARDS: Boards = { auctions: new Map(), spent: [], won: [], hot: [] };

/** eBay's increment table as the view shows it (the README; processors/domain/money.ts). */
export const EBAY_INCREMENT_TABLE: StoredAuction['incrementTable'] = [
  { fromCents: 0, from: '0.00', incrementCents: 5, increment: '0.05' },
  { fromCents: 100, from: '1.00', incrementCents: 25, increment: '0.25' },
  { fromCents: 500, from: '5.00', incrementCents: 50, increment: '0.50' },
  { fromCents: 2500, from: '25.00', incrementCents: 100, increment: '1.00' },
  { fromCents: 10000, from: '100.00', incrementCents: 250, increment: '2.50' },
  { fromCents: 25000, from: '250.00', incrementCents: 500, increment: '5.00' },
  { fromCents: 50000, from: '500.00', incrementCents: 1000, increment: '10.00' },
  { fromCents: 100000, from: '1000.00', incrementCents: 2500, increment: '25.00' },
  { fromCents: 250000, from: '2500.00', incrementCents: 5000, increment: '50.00' },
  { fromCents: 500000, from: '5000.00', incrementCents: 10000, increment: '100.00' },
];

/** A buy-now price of 50.00, shown while it is available (no bid yet, not over). */
export const BUY_NOW_50 = { buyNowPriceCents: 5000, buyNowPrice: '50.00' } as const;

/** What a closed auction's view shows once it closed without a bid: no minimum next bid. */
export const CLOSED_UNSOLD = {
  status: 'closed',
  minimumNextBidCents: null,
  minimumNextBid: null,
  outcome: 'no_bids',
} as const;

/**
 * An open auction by `seller-1`, from an hour ago to an hour ahead, starting at 10.00, no bids
 * yet (so the minimum next bid is the starting price), eBay's increments, no buy-now. The view is
 * stored as given: overrides that change the state write out what the view then shows.
 */
export function openAuction(auctionId: string, overrides: Partial<StoredAuction> = {}) {
  return {
    auctionId,
    itemId: `item-${auctionId.slice(0, 8)}`,
    title: 'A test item',
    sellerId: 'seller-1',
    externalRef: null,
    status: 'open',
    currency: 'USD',
    startingPriceCents: 1000,
    startingPrice: '10.00',
    visiblePriceCents: 1000,
    visiblePrice: '10.00',
    minimumNextBidCents: 1000,
    minimumNextBid: '10.00',
    buyNowPriceCents: null,
    buyNowPrice: null,
    leaderId: null,
    bidCount: 0,
    hasReserve: false,
    reserveMet: null,
    startsAt: new Date(NOW - 60 * MINUTE).toISOString(),
    endsAt: new Date(NOW + 60 * MINUTE).toISOString(),
    antiSnipingWindowSeconds: 0,
    antiSnipingExtensionSeconds: 0,
    incrementTable: EBAY_INCREMENT_TABLE,
    outcome: null,
    winnerId: null,
    finalPriceCents: null,
    sequence: 1,
    ...overrides,
  } satisfies StoredAuction;
}

export async function startTestGateway(options: TestGatewayOptions = {}) {
  const world = new InMemoryAuctions();
  const publisher = new FakePublisher();
  const waiter = new InstantWaiter();
  const history = new InMemoryHistory();
  const boards = inMemoryLeaderboards(options.boards ?? NO_BOARDS);
  const now = options.now ?? (() => NOW);
  const verifier = options.tokens?.verifier ?? sharedSecretVerifier(TEST_TOKENS);
  const readModel = inMemoryReadModel(world);
  const stored = new InMemoryEvents();
  const directory = auctionDirectory(inMemoryAuctionFacts(world), now);
  const bidRateLimit = memoryRateLimit(options.bidsPerUser ?? 1000);
  const placement = bidPlacement({
    directory,
    decidedBids: inMemoryDecidedBids(world),
    publisher,
    keys: idempotencyKeys(inMemoryFingerprints(), 3600, silentLogger, now),
    now,
  });
  const metrics = new Registry();
  const { app, handle } = createApp({
    metrics,
    logger: silentLogger,
    checks: options.checks ?? { postgres: () => Promise.resolve() },
    readModel,
    personal: inMemoryPersonalReadModel(world, stored, now, options.currency),
    watchlist: inMemoryWatchlist(options.watchlistMax ?? 200),
    statsDb: inMemoryStats(options.stats ?? new Map()),
    leaderboards: boards.reads,
    hotWindowMinutes: 60,
    publisher,
    waiter,
    tokens: verifier,
    signIn: options.tokens?.signIn ?? { mode: 'none' },
    now,
    bodyLimitBytes: options.bodyLimitBytes ?? 16_384,
    devTokens: undefined,
    trustProxy: false,
    bidRateLimit,
    auctionRateLimit: memoryRateLimit(options.auctionsPerUser ?? 1000),
    currency: options.currency ?? 'USD',
    auctionBounds: { startSkewSeconds: 300, maxStartAheadDays: 365, maxDurationDays: 30 },
    placement,
    bidStages: untimedStages,
  });
  // As the gateway serves: the bid fast path ahead of Express (gateway/app.ts).
  const server = createServer(handle).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const hub = new LiveHub(history.asPort(), 1 << 20);
  const sockets = attachSocketServer(server, {
    hub,
    tokens: verifier,
    placement,
    directory,
    logger: silentLogger,
    heartbeatMs: 60_000,
    metrics,
    bidRateLimit,
    limits: {
      maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection ?? 100,
      maxConnectionsPerUser: 10,
      maxConnectionsPerAddress: 100,
      framesPerSecond: 1000,
      frameBurst: 1000,
    },
    addressOf: (request) => request.socket.remoteAddress ?? 'unknown',
    maxPayloadBytes: 16_384,
    allowedOrigins: options.allowPageOrigin ? [`http://127.0.0.1:${port}`] : [],
  });

  return {
    url: `http://127.0.0.1:${port}`,
    /** The Express application, for tests that look at the routes it registers. */
    app,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    world,
    /** auction_events as GET /me/notifications reads them. */
    stored,
    publisher,
    waiter,
    history,
    boardsAsked: boards.asked,
    token: (userId: string) => issueToken(TEST_TOKENS, userId),
    /** The fake event source: as the Kafka feed does, into history, the directory and the hub. */
    async emit(event: Event) {
      history.append(event);
      directory.observe(event);
      await hub.publish(event);
    },
    async close() {
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON. */
  readonly body: unknown;
  readonly contentType: string;
}

export interface Call {
  readonly token?: string;
  /** Sent as JSON; a string is sent exactly as given. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** One HTTP request to the test gateway. */
export async function call(
  gateway: Pick<TestGateway, 'url'>,
  method: string,
  path: string,
  { token, body, headers = {} }: Call = {},
): Promise<Answer> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    contentType: response.headers.get('content-type') ?? '',
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Matches any UUID in an expected body. */
export const aUuid = (): string => expect.stringMatching(UUID) as string;
/** Matches an object with at least these fields. */
export const including = <T extends object>(fields: T): T =>
  expect.objectContaining(fields as Record<string, unknown>) as T;
