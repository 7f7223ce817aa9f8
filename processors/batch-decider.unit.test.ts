import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../schemas/registry.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { decideBatch, sellerItemKey, type BatchInput } from './batch-decider.js';
import type { DecodedCommand } from './command-decoder.js';
import type { AuctionCommand } from './domain/index.js';
import { payloadBuilder, type PayloadBuilder } from './event-payloads.js';

const T0 = Date.UTC(2026, 0, 1);
let buildPayload: PayloadBuilder;
beforeAll(async () => {
  buildPayload = payloadBuilder(await loadSchemas(path.join(PROJECT_ROOT, 'schemas')));
});

const decoded = (command: AuctionCommand, issuedBy = 'user'): DecodedCommand => ({
  ok: true,
  command,
  commandId: 'bidId' in command ? command.bidId : `cmd-${command.type}`,
  correlationId: `corr-${'bidId' in command ? command.bidId : command.type}`,
  issuedBy,
  issuedAt: T0 + 500,
});
const create: AuctionCommand = {
  type: 'CreateAuction',
  auctionId: 'a-1',
  sellerId: 'seller',
  itemId: 'item-1',
  title: 'Palm Pilot',
  startingPriceCents: 1_000,
  reservePriceCents: 5_317,
  startsAt: T0,
  endsAt: T0 + 60_000,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
};
const bid = (bidId: string, bidderId: string, max: number): AuctionCommand => ({
  type: 'PlaceBid',
  auctionId: 'a-1',
  bidId,
  bidderId,
  maxAmountCents: max,
  placedAt: T0 + 1000,
});

function input(commands: DecodedCommand[], overrides: Partial<BatchInput> = {}): BatchInput {
  let n = 0;
  return {
    partition: 3,
    aggregateType: 'auction',
    now: T0 + 2000,
    commands,
    auctions: new Map(),
    decidedBids: new Set(),
    itemsWithOpenAuctions: new Set(),
    newEventId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    buildPayload,
    ...overrides,
  };
}

describe('decideBatch', () => {
  it('gives the events of an auction that does not exist no place in any history (sequence null)', () => {
    const out = decideBatch(
      input([decoded(bid('b-1', 'ann', 2_000)), decoded(bid('b-2', 'bo', 2_500))]),
    );
    expect(out.events.map((e) => [e.type, e.auction_id, e.sequence])).toEqual([
      ['BidRejected', 'a-1', null],
      ['BidRejected', 'a-1', null],
    ]);
    expect(out.auctionRows).toEqual([]);
  });

  it('places the events of an auction in its history, numbered from 1', () => {
    const out = decideBatch(input([decoded(create), decoded(bid('b-1', 'ann', 2_000))]));
    expect(out.events.map((e) => [e.type, e.sequence])).toEqual([
      ['AuctionCreated', 1],
      ['BidAccepted', 2],
    ]);
  });

  it('numbers each auction’s events from 1 without gaps and routes them to the outbox', () => {
    const out = decideBatch(
      input([
        decoded(create, 'seller'),
        decoded(bid('b1', 'alice', 2_000), 'alice'),
        decoded(bid('b2', 'bob', 1_000), 'bob'),
      ]),
    );
    expect(out.events.map((o) => [o.type, o.payload.sequence])).toEqual([
      ['AuctionCreated', 1],
      ['BidAccepted', 2],
      ['BidRejected', 3],
    ]);
    expect(out.events.every((o) => o.auction_id === 'a-1' && o.aggregatetype === 'auction')).toBe(
      true,
    );
    expect(out.auctionRows).toEqual([
      expect.objectContaining({ auction_id: 'a-1', partition: 3, last_sequence: 3, bid_count: 1 }),
    ]);
  });

  it('gives a bought or cancelled auction the end it had, not the one it was scheduled for', () => {
    const buyable: AuctionCommand = { ...create, buyNowPriceCents: 9_000 };
    const buy: AuctionCommand = {
      type: 'BuyNow',
      auctionId: 'a-1',
      bidId: 'buy-1',
      buyerId: 'bob',
      placedAt: T0 + 1_500,
    };
    const bought = decideBatch(input([decoded(buyable, 'seller'), decoded(buy, 'bob')]));
    expect(bought.auctionRows).toEqual([
      expect.objectContaining({
        status: 'closed',
        outcome: 'bought_now',
        ends_at: new Date(T0 + 1_500).toISOString(),
      }),
    ]);
    const withdraw: AuctionCommand = {
      type: 'CancelAuction',
      auctionId: 'a-1',
      requestedBy: 'seller',
      requestedAt: T0 + 1_200,
    };
    const cancelled = decideBatch(input([decoded(create, 'seller'), decoded(withdraw, 'seller')]));
    expect(cancelled.auctionRows).toEqual([
      expect.objectContaining({ status: 'cancelled', ends_at: new Date(T0 + 1_200).toISOString() }),
    ]);
    // Still open: the scheduled end.
    const open = decideBatch(input([decoded(create, 'seller')]));
    expect(open.auctionRows).toEqual([
      expect.objectContaining({ status: 'open', ends_at: new Date(T0 + 60_000).toISOString() }),
    ]);
  });

  it('never publishes a hidden amount: no bidder maximum, no unmet reserve', () => {
    const out = decideBatch(
      input([decoded(create, 'seller'), decoded(bid('b1', 'alice', 4_444), 'alice')]),
    );
    const published = JSON.stringify(out.events.map((o) => o.payload));
    expect(published).not.toContain('4444');
    expect(published).not.toContain('5317');
    expect(published).not.toContain('reservePriceCents');
    expect(out.events[0]?.payload).toMatchObject({ hasReserve: true });
  });

  it('skips a repeated bid, whether decided earlier or earlier in the batch', () => {
    const out = decideBatch(
      input(
        [
          decoded(create, 'seller'),
          decoded(bid('b1', 'alice', 2_000)),
          decoded(bid('b1', 'alice', 2_000)),
          decoded(bid('b0', 'bob', 3_000)),
        ],
        {
          decidedBids: new Set(['b0']),
        },
      ),
    );
    expect(out.bidDecisions.map((d) => d.bid_id)).toEqual(['b1']);
  });

  it('says what became of each command, with its correlation id, in log order', () => {
    const out = decideBatch(
      input(
        [
          decoded(create, 'seller'),
          decoded(bid('b1', 'alice', 2_000), 'alice'),
          decoded(bid('b2', 'bob', 1_000), 'bob'),
          decoded(bid('b1', 'alice', 2_000), 'alice'),
          decoded({ type: 'CloseAuction', auctionId: 'a-1', requestedAt: T0 + 1500 }, 'system'),
        ],
        { now: T0 + 1500 },
      ),
    );
    expect(out.outcomes.map((o) => [o.commandType, o.outcome, o.reason, o.correlationId])).toEqual([
      ['CreateAuction', 'accepted', undefined, 'corr-CreateAuction'],
      ['PlaceBid', 'accepted', undefined, 'corr-b1'],
      ['PlaceBid', 'rejected', 'below_minimum_increment', 'corr-b2'],
      ['PlaceBid', 'repeat', undefined, 'corr-b1'],
      ['CloseAuction', 'ignored', undefined, 'corr-CloseAuction'],
    ]);
    expect(out.outcomes.every((o) => o.auctionId === 'a-1' && o.issuedAt === T0 + 500)).toBe(true);
  });

  it("refuses a second open auction for the same item of the same seller, not another seller's", () => {
    const open = { itemsWithOpenAuctions: new Set([sellerItemKey('seller', 'item-1')]) };
    const out = decideBatch(input([decoded(create, 'seller')], open));
    expect(out.commandDecisions).toEqual([
      expect.objectContaining({ accepted: false, reason: 'item_has_open_auction' }),
    ]);
    expect(out.auctionRows).toEqual([]);

    const other = { ...create, sellerId: 'another-seller' } as AuctionCommand;
    const theirs = decideBatch(input([decoded(other, 'another-seller')], open));
    expect(theirs.commandDecisions).toEqual([expect.objectContaining({ accepted: true })]);
  });

  it('refuses within one batch a second auction of one seller for one item', () => {
    const again = { ...create, auctionId: 'a-2' } as AuctionCommand;
    const out = decideBatch(input([decoded(create, 'seller'), decoded(again, 'seller')]));
    expect(out.commandDecisions.map((d) => [d.auction_id, d.accepted, d.reason])).toEqual([
      ['a-1', true, null],
      ['a-2', false, 'item_has_open_auction'],
    ]);
  });

  it('lets a seller relist an item in the batch that cancels or closes its open auction', () => {
    const again = { ...create, auctionId: 'a-2' } as AuctionCommand;
    const cancel: AuctionCommand = {
      type: 'CancelAuction',
      auctionId: 'a-1',
      requestedBy: 'seller',
      requestedAt: T0 + 1000,
    };
    const close: AuctionCommand = {
      type: 'CloseAuction',
      auctionId: 'a-1',
      requestedAt: T0 + 60_000,
    };
    for (const ending of [cancel, close]) {
      const out = decideBatch(
        input([decoded(create, 'seller'), decoded(ending, 'seller'), decoded(again, 'seller')]),
      );
      expect(out.commandDecisions.map((d) => [d.auction_id, d.accepted, d.reason])).toContainEqual([
        'a-2',
        true,
        null,
      ]);
    }
  });

  it('refuseAll decides each command as an unprocessable rejection, naming the detail', () => {
    const out = decideBatch(
      input([decoded(create, 'seller'), decoded(bid('b1', 'bob', 2_000), 'bob')], {
        refuseAll: 'the decision could not be stored (22008)',
      }),
    );
    expect(out.events.map((o) => [o.type, 'reason' in o.payload && o.payload.reason])).toEqual([
      ['CommandRejected', 'unprocessable'],
      ['BidRejected', 'unprocessable'],
    ]);
    expect(out.commandDecisions[0]).toMatchObject({
      accepted: false,
      reason: 'unprocessable',
      detail: 'the decision could not be stored (22008)',
    });
    expect(out.bidDecisions[0]).toMatchObject({ accepted: false, reason: 'unprocessable' });
    expect(out.auctionRows).toEqual([]);
  });

  it('keeps in the decision log what an audit replays: each command’s offset, a create’s terms, who asked and when, and every close', () => {
    const close = (at: number): AuctionCommand => ({
      type: 'CloseAuction',
      auctionId: 'a-1',
      requestedAt: at,
    });
    const out = decideBatch(
      input(
        [
          decoded(create, 'seller'),
          decoded(bid('b-1', 'ann', 2_000), 'ann'),
          { ...decoded(close(T0 + 30_000), 'system'), commandId: 'early-close' },
          { ...decoded(close(T0 + 60_000), 'system'), commandId: 'due-close' },
        ],
        { offsets: ['40', '41', '42', '43'] },
      ),
    );
    expect(out.bidDecisions.map((d) => [d.bid_id, d.command_offset, d.placed_at])).toEqual([
      ['b-1', '41', new Date(T0 + 1000).toISOString()],
    ]);
    expect(
      out.commandDecisions.map((d) => [d.command_id, d.command_offset, d.accepted, d.issued_by]),
    ).toEqual([
      ['cmd-CreateAuction', '40', true, 'seller'],
      ['early-close', '42', false, 'system'],
      ['due-close', '43', true, 'system'],
    ]);
    expect(out.commandDecisions[0]!.terms).toEqual({
      sellerId: 'seller',
      itemId: 'item-1',
      startingPriceCents: 1_000,
      reservePriceCents: 5_317,
      buyNowPriceCents: null,
      startsAt: T0,
      endsAt: T0 + 60_000,
      antiSnipingWindowMs: 0,
      antiSnipingExtensionMs: 0,
      incrementTable: null,
    });
    expect(out.commandDecisions[0]!.issued_at).toBe(new Date(T0 + 500).toISOString());
  });
});
