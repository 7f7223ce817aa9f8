/**
 * Issue 15's standings examples through the whole path (HTTP → processor → Debezium → the
 * leaderboard sink → GET /auctions/:id/leaderboard): Erin's 15.00 against Dana's 20.00 proxy,
 * a 175 maximum beaten by a 200, and a 20 maximum that forced the price to 20.50. Expected
 * standings come from the independent reference model (reference-model/auction.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './http.js';
import { ReferenceAuction, type ModelStanding } from '../reference-model/auction.js';
import { startPipeline, type Pipeline } from './services.js';
import { uniqueName } from './support.js';

let pipeline: Pipeline;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  pipeline = await startPipeline({ sinks: true });
  call = client(pipeline.gatewayUrl);
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
});

const cents = (amount: string) => Math.round(Number(amount) * 100);

/** One auction on the real system and the reference model beside it, fed the same bids. */
async function auctionWithModel(startingPrice: string) {
  const seller = uniqueName('seller');
  const created = await call('POST', '/auctions?wait=15000', {
    user: seller,
    json: { itemId: uniqueName('item'), title: 'Standings', startingPrice, durationSeconds: 600 },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const auctionId = String(created.body.auctionId);
  const now = Date.now();
  const model = new ReferenceAuction({
    sellerId: seller,
    startingPriceCents: cents(startingPrice),
    startsAt: now - 60_000,
    endsAt: now + 600_000,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  let key = 0;
  return {
    auctionId,
    async bid(bidderId: string, maxAmount: string) {
      key += 1;
      const reply = await call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
        user: bidderId,
        json: { maxAmount },
        headers: { 'idempotency-key': `standings-${key}` },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(
        model.apply({ kind: 'bid', bidderId, maxCents: cents(maxAmount), at: Date.now() }),
      ).toEqual({ verdict: 'accepted' });
    },
    expected: (): ModelStanding[] => model.standings(),
  };
}

/** The API's standings once the sink has caught up with every bid so far. */
async function standingsOf(auctionId: string, expected: readonly ModelStanding[]) {
  const read = async () =>
    (
      (await call('GET', `/auctions/${auctionId}/leaderboard`)).body as {
        bidders: { bidderId: string; highestVisibleBidCents: number; leading: boolean }[];
      }
    ).bidders.map((b) => ({
      bidderId: b.bidderId,
      shownCents: b.highestVisibleBidCents,
      leading: b.leading,
    }));
  await expect.poll(read, { timeout: 30_000, interval: 200 }).toEqual(expected);
  return read();
}

describe('per-auction standings as eBay shows them', () => {
  it('ranks Dana (the leader at 15.50) above Erin, shown at her 15.00; then Ivan leads and Dana shows 20.00', async () => {
    const auction = await auctionWithModel('10.00');
    await auction.bid('dana', '20.00');
    await auction.bid('erin', '15.00');
    const first = await standingsOf(auction.auctionId, auction.expected());
    // The words, beside the model's: Dana first, Erin at 15.00.
    expect(first.map((s) => [s.bidderId, s.shownCents])).toEqual([
      ['dana', 1550],
      ['erin', 1500],
    ]);

    await auction.bid('ivan', '25.00');
    const second = await standingsOf(auction.auctionId, auction.expected());
    expect(second.find((s) => s.bidderId === 'dana')?.shownCents).toBe(2000);
  });

  it('shows a 175 maximum beaten by a 200 at 175, below the leader', async () => {
    const auction = await auctionWithModel('150.00');
    await auction.bid('fay', '175.00');
    await auction.bid('gus', '200.00');
    const standings = await standingsOf(auction.auctionId, auction.expected());
    expect(standings[0]).toMatchObject({ bidderId: 'gus', leading: true });
    expect(standings[1]).toMatchObject({ bidderId: 'fay', shownCents: 17_500 });
  });
});
