/**
 * `npm run bench:processor -- [--bids N] [--auctions A] [--partitions P]`
 *
 * Processor decisions per second fed from Kafka, durability on: fills a fresh commands topic
 * with auction creates and N bids, then starts one processor on it and times how fast the
 * stored partition offsets (committed with the decisions, in Postgres) reach the end
 * (perf/harness/processor-drain.ts).
 * With --auctions 1 --partitions 1 it measures one hot auction on one partition.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openAuction } from '../harness/open-auction.js';
import { processorDrain } from '../harness/processor-drain.js';

export interface ProcessorBenchResult {
  readonly bids: number;
  readonly auctions: number;
  readonly partitions: number;
  readonly seconds: number;
  readonly decisionsPerSecond: number;
}

export async function benchProcessor(
  options: { bids: number; auctions: number; partitions: number },
  say = console.log,
) {
  const { name, topic, codec, send, drain } = await processorDrain('bench', options.partitions);
  const now = Date.now();
  const auctionIds = Array.from({ length: options.auctions }, () => randomUUID());
  const creates = await Promise.all(
    auctionIds.map((auctionId, i) =>
      codec.encode(
        openAuction({
          auctionId,
          sellerId: 'bench-seller',
          itemId: `${name}-${i}`,
          title: 'bench',
          startingPriceCents: 100,
          now,
        }),
      ),
    ),
  );
  await send(creates);
  say(`filling ${topic} with ${options.bids} bids on ${options.auctions} auction(s) …`);
  for (let start = 0; start < options.bids; start += 1000) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(1000, options.bids - start) }, (_, k) => {
        const i = start + k;
        const bidId = randomUUID();
        return codec.encode({
          type: 'PlaceBid',
          metadata: {
            commandId: bidId,
            auctionId: auctionIds[i % options.auctions]!,
            issuedBy: `bidder-${i % 7}`,
            issuedAt: now,
            correlationId: '',
          },
          data: { bidId, idempotencyKey: bidId, maxAmountCents: 200 + i * 10 },
        });
      }),
    );
    await send(batch);
  }

  const total = options.bids + options.auctions;
  say('starting a processor on the filled topic …');
  // PROFILE_DIR=<dir> writes a CPU profile of the processor there.
  const { seconds, decidedAtStart } = await drain(total, { profileDir: process.env.PROFILE_DIR });
  const result: ProcessorBenchResult = {
    ...options,
    seconds,
    decisionsPerSecond: (total - decidedAtStart) / seconds,
  };
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      bids: { type: 'string', default: '50000' },
      auctions: { type: 'string', default: '1' },
      partitions: { type: 'string', default: '1' },
    },
  });
  const result = await benchProcessor({
    bids: Number(values.bids),
    auctions: Number(values.auctions),
    partitions: Number(values.partitions),
  });
  console.table([
    {
      ...result,
      seconds: result.seconds.toFixed(2),
      decisionsPerSecond: Math.round(result.decisionsPerSecond),
    },
  ]);
  process.exit(0);
}
