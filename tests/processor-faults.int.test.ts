/**
 * No bid lost, none applied twice: a processor killed with SIGKILL mid-stream, and a group of
 * two where one dies and the other takes its partitions. The expected outcome of every auction
 * is computed independently with the pure domain rules from the same bids.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { decide, evolve, type AuctionState } from '../processors/domain/index.js';
import { client } from './http.js';
import { startPipeline, type Pipeline } from './services.js';
import { uniqueName, urls } from './support.js';

interface Bid {
  readonly bidder: string;
  readonly cents: number;
}

/** A reproducible, lively bid stream: five bidders, rising and sometimes too-low maxima. */
function bidStream(count: number, seed: number): Bid[] {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648);
  return Array.from({ length: count }, (_, i) => ({
    bidder: `bidder-${next() % 5}`,
    cents: 1_000 + i * 40 + (next() % 300),
  }));
}

/** The outcome the rules give for these bids, without any infrastructure. */
function expectedOutcome(bids: readonly Bid[]) {
  let state: AuctionState | undefined = evolve(undefined, {
    type: 'AuctionCreated',
    auctionId: 'x',
    sellerId: 'seller',
    itemId: 'x',
    title: 'x',
    startingPriceCents: 1_000,
    startsAt: 0,
    endsAt: Number.MAX_SAFE_INTEGER,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  bids.forEach((b, i) => {
    const events = decide(
      {
        type: 'PlaceBid',
        auctionId: 'x',
        bidId: String(i),
        bidderId: b.bidder,
        maxAmountCents: b.cents,
        placedAt: 1,
      },
      state,
      1,
    );
    state = events.reduce(evolve, state);
  });
  return {
    visiblePriceCents: state!.visiblePriceCents,
    leaderId: state!.leader?.bidderId ?? null,
    bidCount: state!.bidCount,
  };
}

async function decisionsFor(auctionIds: readonly string[]): Promise<Map<string, number>> {
  const db = new pg.Client({ connectionString: urls.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ auction_id: string; n: string }>(
      'SELECT auction_id, count(*) AS n FROM bid_decisions WHERE auction_id = ANY($1) GROUP BY auction_id',
      [auctionIds],
    );
    return new Map(rows.map((r) => [r.auction_id, Number(r.n)]));
  } finally {
    await db.end();
  }
}

/** Waits until every auction has `perAuction` decisions (or, with `atLeast`, at least that many). */
async function untilAllDecided(auctionIds: readonly string[], perAuction: number, atLeast = false) {
  const deadline = Date.now() + 90_000;
  const done = (n = 0) => (atLeast ? n >= perAuction : n === perAuction);
  for (;;) {
    const counts = await decisionsFor(auctionIds);
    if (auctionIds.every((id) => done(counts.get(id)))) return;
    if (Date.now() > deadline)
      throw new Error(`not every bid was decided: ${JSON.stringify([...counts])}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.stop();
});

async function kill(child: ChildProcess) {
  child.kill('SIGKILL');
  await once(child, 'exit');
}

async function setUp(auctions: number, processors: number) {
  pipeline = await startPipeline({ partitions: 6 });
  const extra = Array.from({ length: processors - 1 }, () => pipeline!.startProcessor());
  const call = client(pipeline.gatewayUrl);
  const ids: string[] = [];
  for (let i = 0; i < auctions; i += 1) {
    const reply = await call('POST', '/auctions?wait=20000', {
      user: 'seller',
      json: {
        itemId: uniqueName('item'),
        title: 'Cartier',
        startingPrice: '10.00',
        durationSeconds: 3600,
      },
    });
    expect(reply.status).toBe(201);
    ids.push(String(reply.body.auctionId));
  }
  /** Sends bids [from, to) of `stream` to every auction, in order per auction, auctions in parallel. */
  const send = (stream: readonly Bid[], from: number, to: number, key: string) =>
    Promise.all(
      ids.map(async (id) => {
        for (let i = from; i < to; i += 1) {
          const reply = await call('POST', `/auctions/${id}/bids`, {
            user: stream[i]!.bidder,
            json: { maxAmount: (stream[i]!.cents / 100).toFixed(2) },
            headers: { 'idempotency-key': `${key}-${i}` },
          });
          expect(reply.status).toBe(202);
        }
      }),
    );
  return { call, ids, send, extra };
}

describe('processor faults', () => {
  it('a processor killed with SIGKILL mid-stream and restarted loses no bid and applies none twice', async () => {
    const stream = bidStream(240, 7);
    const { call, ids, send } = await setUp(3, 1);
    await send(stream, 0, 80, 'k');
    // Kill the only processor while it is deciding and bids keep arriving, then start a new one.
    const sending = send(stream, 80, 240, 'k');
    await untilAllDecided(ids, 100, true);
    await kill(pipeline!.processors[0]!);
    pipeline!.startProcessor('replacement');
    await sending;
    await untilAllDecided(ids, stream.length);

    const expected = expectedOutcome(stream);
    for (const id of ids) {
      expect((await call('GET', `/auctions/${id}`)).body).toMatchObject(expected);
    }
  });

  it('with two processors, killing one hands its partitions to the other, which decides correctly', async () => {
    const stream = bidStream(150, 11);
    const { call, ids, send, extra } = await setUp(6, 2);
    await send(stream, 0, 50, 'k');
    await kill(extra[0]!);
    await send(stream, 50, 150, 'k');
    await untilAllDecided(ids, stream.length);

    const expected = expectedOutcome(stream);
    for (const id of ids) {
      expect((await call('GET', `/auctions/${id}`)).body).toMatchObject(expected);
    }
  });
});
