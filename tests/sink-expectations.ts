/**
 * What the sinks must hold, recomputed from the events topic by the tests themselves (without
 * the sinks' code), the read APIs' answers, and the comparison of the two.
 */
import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { consumerLag } from '../sinks/event-sink-runner.js';
import { consumeMessages } from './consume.js';
import type { client } from './http.js';
import { kafkaClient } from './support.js';

export interface ExpectedSinks {
  users: Map<
    string,
    {
      bidsPlaced: number;
      bidsAccepted: number;
      bidsRejected: number;
      auctions: Set<string>;
      won: number;
      spent: number;
    }
  >;
  /** Per auction, each bidder's shown amount (the leader: the price; the outbid: their maximum). */
  leaderboards: Map<string, Map<string, number>>;
  /** Per auction, who leads it last (first among equal amounts). */
  leaders: Map<string, string>;
}

/** Waits until every sink group has read to the end of an events topic that has stopped growing. */
export async function untilSinksCaughtUp(
  admin: Admin,
  topic: string,
  groups: readonly string[],
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  let previousEnd = -1;
  for (;;) {
    const end = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
    const lags = await Promise.all(groups.map((g) => consumerLag(admin, g, topic)));
    if (end === previousEnd && lags.every((l) => l.total === 0)) return end;
    if (Date.now() > deadline)
      throw new Error(`the sinks did not catch up: lags ${lags.map((l) => l.total).join(', ')}`);
    previousEnd = end;
    await sleep(1000);
  }
}

/** The numbers, recomputed from the first `total` messages of the events topic. */
export async function recomputeSinks(topic: string, total: number): Promise<ExpectedSinks> {
  const messages = await consumeMessages(kafkaClient('it-recompute'), topic, total, 60_000);
  const seen = new Set<string>();
  const expected: ExpectedSinks = { users: new Map(), leaderboards: new Map(), leaders: new Map() };
  const shows = (auctionId: string, bidderId: string, cents: number) => {
    const board = expected.leaderboards.get(auctionId) ?? new Map<string, number>();
    board.set(bidderId, Math.max(board.get(bidderId) ?? 0, cents));
    expected.leaderboards.set(auctionId, board);
  };
  const user = (id: string) => {
    let u = expected.users.get(id);
    if (!u)
      expected.users.set(
        id,
        (u = {
          bidsPlaced: 0,
          bidsAccepted: 0,
          bidsRejected: 0,
          auctions: new Set(),
          won: 0,
          spent: 0,
        }),
      );
    return u;
  };
  for (const { message } of messages) {
    const e = JSON.parse(String(message.value)) as {
      eventId: string;
      auctionId: string;
      bidderId: string;
      leaderId: string;
      visiblePriceCents: number;
      shownAmountCents?: number | null;
      winnerId: string | null;
      priceCents: number | null;
    };
    if (seen.has(e.eventId)) continue; // at-least-once publication: count each event once
    seen.add(e.eventId);
    switch (String(message.headers?.eventType)) {
      case 'BidAccepted': {
        const u = user(e.bidderId);
        u.bidsPlaced += 1;
        u.bidsAccepted += 1;
        u.auctions.add(e.auctionId);
        // The leader (the bidder or the proxy that beat them at once) shows the price.
        shows(e.auctionId, e.leaderId, e.visiblePriceCents);
        expected.leaders.set(e.auctionId, e.leaderId);
        break;
      }
      case 'Outbid':
        // An outbid bidder shows the maximum the outbid revealed.
        if (typeof e.shownAmountCents === 'number')
          shows(e.auctionId, e.bidderId, e.shownAmountCents);
        break;
      case 'BidRejected': {
        const u = user(e.bidderId);
        u.bidsPlaced += 1;
        u.bidsRejected += 1;
        break;
      }
      case 'AuctionClosed':
        if (e.winnerId) {
          const u = user(e.winnerId);
          u.won += 1;
          u.spent += Number(e.priceCents);
          shows(e.auctionId, e.winnerId, Number(e.priceCents));
          expected.leaders.set(e.auctionId, e.winnerId);
        }
        break;
    }
  }
  return expected;
}

/** The most entries the top-winners API returns. */
const TOP_LIMIT = 100;

/** Everything the read APIs say, for comparing two moments. */
export async function sinkSnapshot(
  call: ReturnType<typeof client>,
  users: Iterable<string>,
  auctionIds: readonly string[],
) {
  const stats = await Promise.all(
    [...users].sort().map(async (id) => (await call('GET', `/users/${id}/stats`)).body),
  );
  const bySpent = (await call('GET', `/leaderboards/top-winners?by=spent&limit=${TOP_LIMIT}`)).body;
  const byWon = (await call('GET', `/leaderboards/top-winners?by=won&limit=${TOP_LIMIT}`)).body;
  const boards = await Promise.all(
    auctionIds.map(async (id) => (await call('GET', `/auctions/${id}/leaderboard?limit=100`)).body),
  );
  return { stats, bySpent, byWon, boards };
}

export type SinkSnapshot = Awaited<ReturnType<typeof sinkSnapshot>>;

/** Every user's stats, the top winners and each auction's leaderboard equal the recomputation. */
export function expectSinksToMatch(snapshot: SinkSnapshot, expected: ExpectedSinks) {
  for (const [id, u] of expected.users) {
    expect(
      snapshot.stats.find((s) => s.userId === id),
      id,
    ).toMatchObject({
      bidsPlaced: u.bidsPlaced,
      bidsAccepted: u.bidsAccepted,
      bidsRejected: u.bidsRejected,
      auctionsBidOn: u.auctions.size,
      auctionsWon: u.won,
      totalSpentCents: u.spent,
    });
  }
  const winners = [...expected.users].filter(([, u]) => u.won > 0);
  const spent = (snapshot.bySpent.winners as { userId: string; totalSpentCents: number }[]).map(
    (w) => [w.userId, w.totalSpentCents] as const,
  );
  expectTop(spent, new Map(winners.map(([id, u]) => [id, u.spent])));
  const won = (snapshot.byWon.winners as { userId: string; auctionsWon: number }[]).map(
    (w) => [w.userId, w.auctionsWon] as const,
  );
  expectTop(won, new Map(winners.map(([id, u]) => [id, u.won])));
  for (const board of snapshot.boards) {
    const ranked = board.bidders as {
      bidderId: string;
      leading: boolean;
      highestVisibleBidCents: number;
    }[];
    const want = expected.leaderboards.get(String(board.auctionId)) ?? new Map<string, number>();
    expect(new Map(ranked.map((r) => [r.bidderId, r.highestVisibleBidCents]))).toEqual(want);
    expect(ranked.map((r) => r.highestVisibleBidCents)).toEqual(
      [...ranked.map((r) => r.highestVisibleBidCents)].sort((a, b) => b - a),
    );
    // The leader is first (their price is never below a revealed maximum) and the only one leading.
    const leader = expected.leaders.get(String(board.auctionId));
    if (leader !== undefined) expect(ranked[0]).toMatchObject({ bidderId: leader, leading: true });
    expect(ranked.filter((r) => r.leading).length).toBe(leader === undefined ? 0 : 1);
  }
}

/**
 * A top-N list (the API returns at most TOP_LIMIT): as long as it can be, each value right, and
 * nobody missing who ranks above its last entry.
 */
function expectTop(returned: (readonly [string, number])[], all: Map<string, number>) {
  expect(returned.length).toBe(Math.min(TOP_LIMIT, all.size));
  for (const [id, value] of returned) expect(value, id).toBe(all.get(id));
  const cutoff = Math.min(...returned.map(([, value]) => value));
  const listed = new Set(returned.map(([id]) => id));
  for (const [id, value] of all) if (value > cutoff) expect(listed, id).toContain(id);
}
