/** The committed events of an auction after a sequence number, for resuming a client. */
import { fromEventRecord, type Event } from '../../contracts/events.js';
import type { Queryable } from '../../platform/queryable.js';
import { processorReads } from '../../processors/read-side.js';

export function eventHistory(db: Queryable) {
  const reads = processorReads(db);
  return {
    /** The stored payloads are the records the processor checked against their schema when it wrote them. */
    async after(auctionId: string, sequence: number, limit = 10_000): Promise<Event[]> {
      return (await reads.eventsAfter(auctionId, sequence, limit)).map((r) =>
        fromEventRecord(r.type, r.payload),
      );
    },
    latest: (auctionId: string): Promise<number> => reads.latestSequence(auctionId),
    bidders: (auctionId: string): Promise<string[]> => reads.bidders(auctionId),
    /** Who sells the auction; undefined when there is no such auction. */
    async seller(auctionId: string): Promise<string | undefined> {
      return (await reads.auctionFacts([auctionId]))[0]?.sellerId;
    },
  };
}

export type EventHistory = ReturnType<typeof eventHistory>;
