/** The committed events of an auction after a sequence number, for resuming a client. */
import type { Queryable } from '../../platform/queryable.js';
import { processorReads } from '../../processors/read-side.js';
import type { FeedEvent } from './feed-event.js';

export function eventHistory(db: Queryable) {
  const reads = processorReads(db);
  return {
    async after(auctionId: string, sequence: number, limit = 10_000): Promise<FeedEvent[]> {
      return (await reads.eventsAfter(auctionId, sequence, limit)).map((r) => ({
        eventType: r.type,
        auctionId,
        sequence: Number(r.sequence),
        event: r.payload,
      }));
    },
    latest: (auctionId: string): Promise<number> => reads.latestSequence(auctionId),
    bidders: (auctionId: string): Promise<string[]> => reads.bidders(auctionId),
  };
}

export type EventHistory = ReturnType<typeof eventHistory>;
