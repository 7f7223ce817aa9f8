/**
 * Every limit the gateway enforces, read from the environment once with its default. Each is
 * a whole number in a stated range; anything else stops the start naming the variable.
 */
import { integerSetting } from './config-errors.js';

const DAY = 24 * 3600;

export function readLimits(env: NodeJS.ProcessEnv) {
  const int = (variable: string, fallback: number, min: number, max: number) =>
    integerSetting(env, variable, fallback, { min, max });
  return {
    /** Bids and buy-nows per user: a steady rate per second plus a burst per ten seconds. */
    bidsPerUser: {
      perSecond: int('BID_RATE_LIMIT_PER_SECOND', 50, 1, 1_000_000),
      burst: int('BID_RATE_LIMIT_BURST', 100, 1, 10_000_000),
    },
    /**
     * The same per client address: many users from one address share it. Twice a user's rate,
     * so a handful of fresh accounts on one address cannot multiply a user's limit; an office
     * behind NAT or a load tool on this machine raises it (npm start and the tests do).
     */
    bidsPerAddress: {
      perSecond: int('BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND', 100, 1, 1_000_000),
      burst: int('BID_RATE_LIMIT_PER_ADDRESS_BURST', 100, 1, 10_000_000),
    },
    /** Auctions created per minute, per seller and per client address. */
    auctionsPerUserPerMinute: int('AUCTION_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    auctionsPerAddressPerMinute: int(
      'AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE',
      300,
      1,
      1_000_000,
    ),
    /** POST /dev/token per client address per minute (development mode only). */
    devTokensPerAddressPerMinute: int('DEV_TOKEN_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    auction: {
      /** How far in the past a start may lie (clock skew, a slow client). */
      startSkewSeconds: int('AUCTION_START_SKEW_SECONDS', 300, 0, DAY),
      maxStartAheadDays: int('AUCTION_MAX_START_AHEAD_DAYS', 365, 0, 3650),
      maxDurationDays: int('AUCTION_MAX_DURATION_DAYS', 30, 1, 3650),
    },
    webSocket: {
      maxSubscriptionsPerConnection: int('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 100_000),
      maxConnectionsPerUser: int('WS_MAX_CONNECTIONS_PER_USER', 10, 1, 100_000),
      maxConnectionsPerAddress: int('WS_MAX_CONNECTIONS_PER_ADDRESS', 100, 1, 1_000_000),
      /** Frames a connection may send each second, on average, after a burst of `frameBurst`. */
      framesPerSecond: int('WS_MAX_FRAMES_PER_SECOND', 50, 1, 100_000),
      frameBurst: int('WS_FRAME_BURST', 200, 1, 1_000_000),
    },
    /** How long an Idempotency-Key's request fingerprint is remembered in Redis. */
    idempotencyKeyTtlSeconds: int('IDEMPOTENCY_KEY_TTL_SECONDS', DAY, 60, 30 * DAY),
  };
}

export type Limits = ReturnType<typeof readLimits>;
export type AuctionBounds = Limits['auction'];
export type WebSocketLimits = Limits['webSocket'];
