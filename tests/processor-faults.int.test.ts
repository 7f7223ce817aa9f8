/**
 * No bid lost, none applied twice: a processor killed with SIGKILL mid-stream, and a group of
 * two where one dies and the other takes its partitions. The expected outcome of every auction
 * is computed independently with the pure domain rules from the same bids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bidStream, expectedOutcome, untilAllDecided, type Bid } from './bid-outcomes.js';
import { client } from './http.js';
import { startPipeline, stopService, type Pipeline } from './services.js';
import { uniqueName } from './support.js';

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.stop();
});

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
            headers: { 'idempotency-key': `${key}-${id}-${i}` },
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
    await stopService(pipeline!.processors[0]!, 'SIGKILL');
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
    await stopService(extra[0]!, 'SIGKILL');
    await send(stream, 50, 150, 'k');
    await untilAllDecided(ids, stream.length);

    const expected = expectedOutcome(stream);
    for (const id of ids) {
      expect((await call('GET', `/auctions/${id}`)).body).toMatchObject(expected);
    }
  });
});
