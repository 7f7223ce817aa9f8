/**
 * The read API over the sinks, in this process: user stats and the leaderboards, answered from
 * in-memory tables, with the shapes the README's "Stats and leaderboards" section gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MISSING_AUCTION,
  NOW,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'c1c1c1c1-0000-4000-8000-000000000001';
const H1 = 'c2c2c2c2-0000-4000-8000-000000000002';
const H2 = 'c3c3c3c3-0000-4000-8000-000000000003';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    stats: new Map([
      [
        'alice',
        {
          bids_placed: 5,
          bids_accepted: 4,
          bids_rejected: 1,
          auctions_bid_on: 2,
          auctions_won: 1,
          total_spent_cents: '12345',
          last_activity_at: new Date('2030-01-01T11:59:00.000Z'),
        },
      ],
    ]),
    boards: {
      auctions: new Map([
        [
          A1,
          // As the README's standings: the leader at the price, the outbid at their revealed maximum.
          [
            { bidderId: 'alice', shownCents: 2500, leading: true },
            { bidderId: 'bob', shownCents: 2400, leading: false },
            { bidderId: 'carol', shownCents: 1000, leading: false },
          ],
        ],
      ]),
      spent: [{ id: 'alice', score: 12345 }],
      won: [
        { id: 'alice', score: 3 },
        { id: 'bob', score: 1 },
      ],
      hot: [
        { id: H1, score: 9 },
        { id: H2, score: 4 },
      ],
    },
  });
  gw.world.put(openAuction(A1));
});
afterAll(() => gw.close());

describe('GET /users/:id/stats', () => {
  it("answers the user's numbers, money in cents and as a decimal", async () => {
    const answer = await call(gw, 'GET', '/users/alice/stats');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      userId: 'alice',
      bidsPlaced: 5,
      bidsAccepted: 4,
      bidsRejected: 1,
      auctionsBidOn: 2,
      auctionsWon: 1,
      totalSpentCents: 12345,
      totalSpent: '123.45',
      lastActivityAt: '2030-01-01T11:59:00.000Z',
    });
  });

  it('answers 404 user_not_found for a user without activity', async () => {
    const answer = await call(gw, 'GET', '/users/bob/stats');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      type: '/problems/user_not_found',
      title: 'Not Found',
      status: 404,
      code: 'user_not_found',
      detail: 'no activity is recorded for user bob',
      instance: '/users/bob/stats',
    });
  });

  it('refuses a query parameter with 400 invalid_query', async () => {
    const answer = await call(gw, 'GET', '/users/alice/stats?x=1');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field: 'x' });
  });
});

describe('GET /auctions/:id/leaderboard', () => {
  it('ranks the bidders by the amount each has shown, the leader marked, up to the limit', async () => {
    const answer = await call(gw, 'GET', `/auctions/${A1}/leaderboard?limit=2`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      auctionId: A1,
      bidders: [
        {
          rank: 1,
          bidderId: 'alice',
          leading: true,
          highestVisibleBidCents: 2500,
          highestVisibleBid: '25.00',
        },
        {
          rank: 2,
          bidderId: 'bob',
          leading: false,
          highestVisibleBidCents: 2400,
          highestVisibleBid: '24.00',
        },
      ],
    });
  });

  it('answers 404 auction_not_found for an unknown auction', async () => {
    const answer = await call(gw, 'GET', `/auctions/${MISSING_AUCTION}/leaderboard`);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'auction_not_found' });
  });

  it.each(['limit=0', 'limit=101', 'limit=ten'])('answers 400 for %s', async (query) => {
    const answer = await call(gw, 'GET', `/auctions/${A1}/leaderboard?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field: 'limit' });
  });
});

describe('GET /leaderboards/top-winners', () => {
  it('ranks by money spent by default', async () => {
    const answer = await call(gw, 'GET', '/leaderboards/top-winners');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      by: 'spent',
      winners: [{ rank: 1, userId: 'alice', totalSpentCents: 12345, totalSpent: '123.45' }],
    });
  });

  it('ranks by auctions won with by=won', async () => {
    const answer = await call(gw, 'GET', '/leaderboards/top-winners?by=won&limit=5');
    expect(answer.body).toEqual({
      by: 'won',
      winners: [
        { rank: 1, userId: 'alice', auctionsWon: 3 },
        { rank: 2, userId: 'bob', auctionsWon: 1 },
      ],
    });
  });

  it('answers 400 naming `by` for another ranking', async () => {
    const answer = await call(gw, 'GET', '/leaderboards/top-winners?by=bids');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field: 'by' });
  });
});

describe('GET /leaderboards/hot-auctions', () => {
  it('answers the most bid-on auctions of the last minutes, asked at the gateway’s clock', async () => {
    const answer = await call(gw, 'GET', '/leaderboards/hot-auctions?minutes=5&limit=2');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      minutes: 5,
      auctions: [
        { rank: 1, auctionId: H1, bids: 9 },
        { rank: 2, auctionId: H2, bids: 4 },
      ],
    });
    expect(gw.boardsAsked).toContainEqual(['hotAuctions', 5, 2, NOW]);
  });

  it('defaults to the last 10 minutes', async () => {
    const answer = await call(gw, 'GET', '/leaderboards/hot-auctions');
    expect(answer.body).toMatchObject({ minutes: 10 });
  });

  it('answers 400 for a window longer than HOT_WINDOW_MINUTES (60 here)', async () => {
    const answer = await call(gw, 'GET', '/leaderboards/hot-auctions?minutes=61');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field: 'minutes' });
  });
});
