/** The committed events of an auction after a sequence number, for resuming a client. */
import type { Queryable } from '../../platform/dependency-errors.js';
import type { EventType } from '../../contracts/events.js';
import type { FeedEvent } from './feed-event.js';

export function eventHistory(db: Queryable) {
  return {
    async after(auctionId: string, sequence: number, limit = 10_000): Promise<FeedEvent[]> {
      const { rows } = await db.query<{
        type: EventType;
        sequence: string;
        payload: Record<string, unknown>;
      }>(
        `SELECT type, sequence, payload FROM auction_events WHERE auction_id = $1 AND sequence > $2
         ORDER BY sequence LIMIT $3`,
        [auctionId, sequence, limit],
      );
      return rows.map((r) => ({
        eventType: r.type,
        auctionId,
        sequence: Number(r.sequence),
        event: r.payload,
      }));
    },
    async latest(auctionId: string): Promise<number> {
      const { rows } = await db.query<{ n: string | null }>(
        'SELECT max(sequence) AS n FROM auction_events WHERE auction_id = $1',
        [auctionId],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async bidders(auctionId: string): Promise<string[]> {
      const { rows } = await db.query<{ bidder_id: string }>(
        'SELECT DISTINCT bidder_id FROM bid_decisions WHERE auction_id = $1 AND accepted',
        [auctionId],
      );
      return rows.map((r) => r.bidder_id);
    },
  };
}

export type EventHistory = ReturnType<typeof eventHistory>;
