/**
 * What GET /me/… shows a signed-in user of the processor's tables: their notifications, from the
 * stored events, and their bids (processors/personal-reads.ts holds the SQL). Only ever the
 * user's own.
 */
import type { Queryable } from '../../platform/queryable.js';
import { personalReads } from '../../processors/read-side.js';
import { toMyBid, type MyBidView } from './my-bids.js';
import { toNotification, type NotificationView } from './notifications.js';
import type { PageRequest } from '../http/paging.js';

export interface Listed<T> {
  readonly items: T[];
  readonly total: number;
}

export function createPersonalReadModel(
  db: Queryable,
  currency: string,
  now: () => number = Date.now,
) {
  const reads = personalReads(db);
  return {
    /** `userId`'s bids, newest first, each with its auction now and their standing. */
    async bids(userId: string, { limit, offset }: PageRequest): Promise<Listed<MyBidView>> {
      const { bids, total } = await reads.bidsOf(userId, limit, offset);
      return { items: bids.map((b) => toMyBid(b, userId, now(), currency)), total };
    },

    /** The events `userId` is told of (`watched`: the auctions they watch), newest first. */
    async notifications(
      userId: string,
      watched: readonly string[],
      { limit, offset }: PageRequest,
    ): Promise<Listed<NotificationView>> {
      const { events, total } = await reads.notificationEvents(userId, watched, limit, offset);
      return { items: events.map((e) => toNotification(e, userId, currency)), total };
    },
  };
}

export type PersonalReadModel = ReturnType<typeof createPersonalReadModel>;
