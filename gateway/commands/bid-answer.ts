/**
 * The answer to a placed bid or buy-now, the same from the bid fast path
 * (gateway/routes/place-bid.ts) and Express's buy-now route (gateway/routes/bidding.ts): the
 * decision if it is (or becomes, within `wait` ms) known, 200 if accepted and the reason's
 * problem if refused; else 202 pending.
 */
import { minimumNextBidCents } from '../../processors/domain/index.js';
import type { DecisionWaiter } from './decision-waiter.js';
import { formatCents } from './money.js';
import type { ReadModel } from '../reads/read-model.js';
import { decidedRefusal } from '../http/rejection-problems.js';

export interface BidAnswer {
  readonly status: 200 | 202;
  readonly body: object;
}

export interface BidAnswerDependencies {
  readonly readModel: ReadModel;
  readonly waiter: DecisionWaiter;
}

export function bidAnswers({ readModel, waiter }: BidAnswerDependencies) {
  /** The minimum next bid when the price was `priceCents` (bids placed), from the auction's table. */
  const minimumAt = async (auctionId: string, priceCents: number) => {
    const auction = await readModel.auction(auctionId);
    if (!auction) return undefined;
    const cents = minimumNextBidCents({
      hasLeader: true,
      visiblePriceCents: priceCents,
      startingPriceCents: auction.startingPriceCents,
      increments: auction.incrementTable,
    });
    return {
      minimum: { minimumNextBidCents: cents, minimumNextBid: formatCents(cents) },
      currency: auction.currency,
    };
  };

  /** Answers `bidId`: throws the refusal's ApiError if it was decided and refused. */
  return async (bidId: string, wait: number | undefined): Promise<BidAnswer> => {
    if (wait === undefined) return { status: 202, body: { bidId, status: 'pending' } };
    const decided = async () => !!(await readModel.bidDecision(bidId));
    if (!(await waiter.wait(bidId, wait, decided)))
      return { status: 202, body: { bidId, status: 'pending' } };
    const decision = await readModel.bidDecision(bidId);
    if (decision && !decision.accepted) {
      const { auctionId, visiblePriceCents, visiblePrice, placedAt } = decision;
      const least =
        decision.reason === 'below_minimum_increment'
          ? await minimumAt(auctionId, visiblePriceCents)
          : undefined;
      throw decidedRefusal(
        decision.reason,
        least &&
          `The bid must be at least ${least.minimum.minimumNextBid} ${least.currency}: the price plus one increment.`,
        { bidId, auctionId, visiblePriceCents, visiblePrice, placedAt, ...least?.minimum },
      );
    }
    // The leader now and the end this bid moved: two independent reads, made together.
    const [auction, extended] = decision
      ? await Promise.all([
          readModel.auction(decision.auctionId),
          readModel.extension(decision.auctionId, bidId),
        ])
      : [undefined, null];
    return {
      status: 200,
      body: { ...decision, leaderId: auction?.leaderId ?? null, extended, status: 'decided' },
    };
  };
}

export type BidAnswers = ReturnType<typeof bidAnswers>;
