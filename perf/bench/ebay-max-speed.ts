/**
 * i. The whole eBay file at maximum speed: every create and bid written straight into a fresh
 * commands topic in recorded order, then one processor started on it; the time until every
 * command is decided (the stored offsets reach the end: perf/harness/processor-drain.ts).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Message } from 'kafkajs';
import { parseEbayCsv } from '../load/bid-log.js';
import { openAuction } from '../harness/open-auction.js';
import { processorDrain } from '../harness/processor-drain.js';
import { PROJECT_ROOT } from '../../stack/paths.js';

const cents = (amount: string) => Number(amount.replace('.', ''));

export async function ebayMaxSpeed(
  file = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv'),
) {
  const auctions = parseEbayCsv(readFileSync(file, 'utf8'));
  const { name, codec, send, drain } = await processorDrain('ebay', 12);
  const now = Date.now();
  const messages: Message[] = [];
  for (const a of auctions) {
    const auctionId = randomUUID();
    const common = { auctionId, issuedAt: now, correlationId: '' };
    messages.push(
      await codec.encode(
        openAuction({
          auctionId,
          sellerId: `seller-${a.sourceId}`,
          itemId: `${name}-${a.sourceId}`,
          title: a.item,
          startingPriceCents: cents(a.startingPrice),
          now,
        }),
      ),
    );
    for (const [n, b] of a.bids.entries()) {
      const bidId = randomUUID();
      messages.push(
        await codec.encode({
          type: 'PlaceBid',
          metadata: { ...common, commandId: bidId, issuedBy: b.bidderId },
          data: { bidId, idempotencyKey: `${a.sourceId}-${n}`, maxAmountCents: cents(b.amount) },
        }),
      );
    }
  }
  await send(messages);
  const { seconds } = await drain(messages.length);
  return { commands: messages.length, seconds };
}
