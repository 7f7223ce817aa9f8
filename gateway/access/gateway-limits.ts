/** The gateway's rate limits, built from its configuration onto its Redis client. */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger.js';
import { redisBidLimits } from './bid-limits.js';
import type { Limits } from '../config/limits-config.js';
import {
  rateLimit,
  redisWindowLimiter,
  userAndAddressLimit,
  type BurstSettings,
} from './limiters.js';

const burstText = (prefix: string, s: BurstSettings) =>
  `${prefix}_PER_SECOND=${s.perSecond} a second plus ${prefix}_BURST=${s.burst} per 10 s`;

export function gatewayRateLimits(redis: Redis, prefix: string, limits: Limits, logger: Logger) {
  const key = (name: string) => `${prefix}:rate:${name}`;
  return {
    // Both in one script: one Redis round trip per bid (gateway/access/bid-limits.ts).
    bids: redisBidLimits(
      redis,
      {
        keyPrefix: key('bids-address'),
        settings: limits.bidsPerAddress,
        description: {
          what: 'bids from this address',
          limit: burstText('BID_RATE_LIMIT_PER_ADDRESS', limits.bidsPerAddress),
        },
      },
      {
        keyPrefix: key('bids-user'),
        settings: limits.bidsPerUser,
        description: {
          what: 'bids from this user',
          limit: burstText('BID_RATE_LIMIT', limits.bidsPerUser),
        },
      },
      logger,
    ),
    auctions: userAndAddressLimit(
      rateLimit(
        redisWindowLimiter(redis, key('auctions-user'), limits.auctionsPerUserPerMinute, 60),
        {
          what: 'auctions created by this user',
          limit: `AUCTION_RATE_LIMIT_PER_MINUTE=${limits.auctionsPerUserPerMinute} a minute`,
        },
        logger,
      ),
      rateLimit(
        redisWindowLimiter(redis, key('auctions-address'), limits.auctionsPerAddressPerMinute, 60),
        {
          what: 'auctions created from this address',
          limit: `AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE=${limits.auctionsPerAddressPerMinute} a minute`,
        },
        logger,
      ),
    ),
    devTokens: rateLimit(
      redisWindowLimiter(redis, key('dev-tokens'), limits.devTokensPerAddressPerMinute, 60),
      {
        what: 'development sign-ins from this address',
        limit: `DEV_TOKEN_RATE_LIMIT_PER_MINUTE=${limits.devTokensPerAddressPerMinute} a minute`,
      },
      logger,
    ),
  };
}

export type GatewayRateLimits = ReturnType<typeof gatewayRateLimits>;
