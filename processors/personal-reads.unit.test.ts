/**
 * One user's rows as the read side hands them on: numbers as numbers, a bid on an auction that
 * does not exist without one, and a stored event's own fields typed by its type (the envelope
 * left out). The rows are written out as node-postgres returns them (bigint as text, times as
 * Dates); the expected views by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../platform/queryable.js';
import { personalReads } from './personal-reads.js';

/** Answers the count query with `total` and the page query with `rows`. */
const answering = (rows: readonly object[], total = rows.length): Queryable =>
  ({
    query: (text: string) =>
      Promise.resolve({ rows: text.includes('count(*)') ? [{ n: String(total) }] : rows }),
  }) as unknown as Queryable;

const PLACED = new Date('2030-01-01T11:00:00Z');

describe('bidsOf', () => {
  it('gives each bid with its auction now, amounts as numbers; none for an auction that does not exist', async () => {
    const db = answering([
      {
        bid_id: 'b1',
        auction_id: 'a1',
        kind: 'bid',
        max_amount_cents: '20000',
        accepted: true,
        reason: null,
        placed_at: PLACED,
        title: 'Lamp',
        status: 'open',
        starts_at: new Date('2030-01-01T10:00:00Z'),
        visible_price_cents: '15250',
        leader_id: 'bob',
        winner_id: null,
      },
      {
        bid_id: 'b2',
        auction_id: 'nowhere',
        kind: 'buy_now',
        max_amount_cents: null,
        accepted: false,
        reason: 'auction_not_found',
        placed_at: PLACED,
        title: null,
        status: null,
        starts_at: null,
        visible_price_cents: null,
        leader_id: null,
        winner_id: null,
      },
    ]);
    expect(await personalReads(db).bidsOf('alice', 20, 0)).toEqual({
      total: 2,
      bids: [
        {
          bidId: 'b1',
          auctionId: 'a1',
          kind: 'bid',
          maxAmountCents: 20000,
          accepted: true,
          reason: null,
          placedAt: PLACED,
          auction: {
            title: 'Lamp',
            status: 'open',
            startsAt: new Date('2030-01-01T10:00:00Z'),
            visiblePriceCents: 15250,
            leaderId: 'bob',
            winnerId: null,
          },
        },
        {
          bidId: 'b2',
          auctionId: 'nowhere',
          kind: 'buy_now',
          maxAmountCents: null,
          accepted: false,
          reason: 'auction_not_found',
          placedAt: PLACED,
          auction: null,
        },
      ],
    });
  });
});

describe('notificationEvents', () => {
  it("gives each stored event's own fields under its type, without the envelope", async () => {
    const outbidData = {
      bidderId: 'alice',
      leaderId: 'bob',
      visiblePriceCents: 15250,
      shownAmountCents: 15000,
    };
    const db = answering([
      {
        event_id: 'e1',
        auction_id: 'a1',
        type: 'Outbid',
        payload: {
          eventId: 'e1',
          auctionId: 'a1',
          sequence: 7,
          occurredAt: 1,
          commandId: 'c1',
          correlationId: 'r1',
          ...outbidData,
        },
        occurred_at: PLACED,
        title: 'Lamp',
        seller_id: 'sam',
        bid_on: true,
      },
    ]);
    expect(await personalReads(db).notificationEvents('alice', [], 20, 0)).toEqual({
      total: 1,
      events: [
        {
          eventId: 'e1',
          auctionId: 'a1',
          occurredAt: PLACED,
          title: 'Lamp',
          sellerId: 'sam',
          bidOn: true,
          type: 'Outbid',
          data: outbidData,
        },
      ],
    });
  });
});
