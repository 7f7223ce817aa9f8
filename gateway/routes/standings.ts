/** Read APIs over the sinks: user stats (Postgres) and leaderboards (Redis). */
import { Router } from 'express';
import type { Queryable } from '../../platform/queryable.js';
import type { LeaderboardReads } from '../../sinks/leaderboard/public.js';
import { userStats } from '../../sinks/stats/public.js';
import { formatCents } from '../commands/money.js';
import { notFound } from '../http/problems.js';
import type { ReadModel } from '../reads/read-model.js';
import {
  hotAuctionsQuery,
  noQuery,
  parse,
  rankQuery,
  topWinnersQuery,
  userIdParam,
} from '../http/requests.js';
import { existingAuction } from './auctions.js';

export interface StandingsDependencies {
  readonly statsDb: Queryable;
  readonly readModel: ReadModel;
  readonly leaderboards: LeaderboardReads;
  readonly hotWindowMinutes: number;
  readonly now: () => number;
}

export function standingsRoutes({
  statsDb,
  readModel,
  leaderboards,
  hotWindowMinutes,
  now,
}: StandingsDependencies) {
  const router = Router();
  const hotQuery = hotAuctionsQuery(hotWindowMinutes);

  router.get('/users/:userId/stats', async (req, res) => {
    parse(noQuery, req.query, 'query');
    const userId = String(req.params.userId);
    // A name no user can have (e.g. with NUL, which Postgres refuses) has no activity either.
    const r = userIdParam.safeParse(userId).success ? await userStats(statsDb, userId) : undefined;
    if (!r) throw notFound('user_not_found', `no activity is recorded for user ${userId}`);
    const spent = Number(r.total_spent_cents);
    res.json({
      userId,
      bidsPlaced: r.bids_placed,
      bidsAccepted: r.bids_accepted,
      bidsRejected: r.bids_rejected,
      auctionsBidOn: r.auctions_bid_on,
      auctionsWon: r.auctions_won,
      totalSpentCents: spent,
      totalSpent: formatCents(spent),
      lastActivityAt: r.last_activity_at?.toISOString() ?? null,
    });
  });

  router.get('/auctions/:auctionId/leaderboard', async (req, res) => {
    const query = parse(rankQuery, req.query, 'query');
    const auction = await existingAuction(readModel, String(req.params.auctionId));
    const ranked = await leaderboards.auction(auction.auctionId, query.limit);
    res.json({
      auctionId: auction.auctionId,
      // Each bidder once, by the amount they have shown: the leader at the current price, an
      // outbid bidder at the maximum the outbid revealed (sinks/leaderboard/standings.ts).
      bidders: ranked.map((r, i) => ({
        rank: i + 1,
        bidderId: r.bidderId,
        leading: r.leading,
        highestVisibleBidCents: r.shownCents,
        highestVisibleBid: formatCents(r.shownCents),
      })),
    });
  });

  router.get('/leaderboards/top-winners', async (req, res) => {
    const query = parse(topWinnersQuery, req.query, 'query');
    const ranked = await leaderboards.topWinners(query.by, query.limit);
    res.json({
      by: query.by,
      winners: ranked.map((r, i) =>
        query.by === 'spent'
          ? {
              rank: i + 1,
              userId: r.id,
              totalSpentCents: r.score,
              totalSpent: formatCents(r.score),
            }
          : { rank: i + 1, userId: r.id, auctionsWon: r.score },
      ),
    });
  });

  router.get('/leaderboards/hot-auctions', async (req, res) => {
    const query = parse(hotQuery, req.query, 'query');
    const ranked = await leaderboards.hotAuctions(query.minutes, query.limit, now());
    res.json({
      minutes: query.minutes,
      auctions: ranked.map((r, i) => ({ rank: i + 1, auctionId: r.id, bids: r.score })),
    });
  });

  return router;
}
