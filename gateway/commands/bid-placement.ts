/**
 * Placing a bid or a buy-now, the same over HTTP and over the WebSocket: ask the domain's
 * admission rules about the auction (its facts in memory, gateway/reads/auction-directory.ts) for an
 * early refusal, check the Idempotency-Key, then publish the command. A repeat of an already
 * decided request publishes nothing; a key reused for another request is refused
 * (gateway/commands/idempotency.ts).
 */
import type { CommandMetadata } from '../../contracts/commands.js';
import { bidRefusal, buyNowRefusal } from '../../processors/domain/index.js';
import type { CommandPublisher } from '../../producers/command-publisher.js';
import type { AuctionDirectory } from '../reads/auction-directory.js';
import type { DecidedBids } from '../reads/bid-reads.js';
import { untimedStages, type BidStages } from './bid-stages.js';
import { bidIdFor } from './identifiers.js';
import {
  assertSameAsDecided,
  type IdempotencyKeys,
  type RequestFingerprint,
} from './idempotency.js';
import { refusal } from '../http/rejection-problems.js';
import { auctionIdParam } from '../http/requests.js';

export interface BidRequest {
  readonly userId: string;
  readonly auctionId: string;
  readonly idempotencyKey: string;
  /** Where the key came from, named in a refusal: `Idempotency-Key` or `idempotencyKey`. */
  readonly keyField: string;
  readonly correlationId: string;
}

export interface Placed {
  readonly bidId: string;
  /** It had been decided before: the caller gets the original decision. */
  readonly repeat: boolean;
}

export interface PlacementDependencies {
  readonly directory: AuctionDirectory;
  readonly decidedBids: DecidedBids;
  readonly publisher: CommandPublisher;
  readonly keys: IdempotencyKeys;
  readonly now: () => number;
  readonly stages?: BidStages;
}

export function bidPlacement({
  directory,
  decidedBids,
  publisher,
  keys,
  now,
  stages = untimedStages,
}: PlacementDependencies) {
  /** Checks everything a bid or buy-now needs; returns its id and whether it is a repeat. */
  async function admit(request: BidRequest, fingerprint: RequestFingerprint) {
    const { auctionId, userId, idempotencyKey, keyField } = request;
    const bidId = bidIdFor(userId, auctionId, idempotencyKey);
    // The same body as the processor's refusal: the table's words, the auction as a member.
    const notFound = () => refusal('auction_not_found', undefined, { auctionId });
    if (!auctionIdParam.safeParse(auctionId).success) throw notFound();
    const [facts, decided] = await stages.time(
      'lookup',
      Promise.all([directory.facts(auctionId), decidedBids(bidId)]),
    );
    if (!facts) throw notFound();
    // A repeat gets the original decision, even once the auction has closed since.
    if (decided) {
      assertSameAsDecided(idempotencyKey, decided, fingerprint, keyField);
      return { bidId, repeat: true };
    }
    // The processor decides at the time the command is stamped with, a moment later: the
    // admission rules read no fact that this moment could change (only the end, left to it).
    const refused =
      fingerprint.kind === 'bid'
        ? bidRefusal(facts, userId, now())
        : buyNowRefusal(facts, userId, now());
    if (refused) throw refusal(refused, undefined, { auctionId });
    await stages.time('idempotency', keys.claim(userId, idempotencyKey, fingerprint, keyField));
    return { bidId, repeat: false };
  }

  const metadata = (request: BidRequest, bidId: string): CommandMetadata => ({
    commandId: bidId,
    auctionId: request.auctionId,
    issuedBy: request.userId,
    issuedAt: now(),
    correlationId: request.correlationId,
  });

  return {
    async placeBid(request: BidRequest & { readonly maxAmountCents: number }): Promise<Placed> {
      const placed = await admit(request, {
        kind: 'bid',
        auctionId: request.auctionId,
        maxAmountCents: request.maxAmountCents,
      });
      if (placed.repeat) return placed;
      await stages.time(
        'publish',
        publisher.publish({
          type: 'PlaceBid',
          metadata: metadata(request, placed.bidId),
          data: {
            bidId: placed.bidId,
            idempotencyKey: request.idempotencyKey,
            maxAmountCents: request.maxAmountCents,
          },
        }),
      );
      return placed;
    },

    async buyNow(request: BidRequest): Promise<Placed> {
      const placed = await admit(request, {
        kind: 'buy_now',
        auctionId: request.auctionId,
        maxAmountCents: null,
      });
      if (placed.repeat) return placed;
      await stages.time(
        'publish',
        publisher.publish({
          type: 'BuyNow',
          metadata: metadata(request, placed.bidId),
          data: { bidId: placed.bidId, idempotencyKey: request.idempotencyKey },
        }),
      );
      return placed;
    },
  };
}

export type BidPlacement = ReturnType<typeof bidPlacement>;
export type PlaceBid = BidPlacement['placeBid'];
