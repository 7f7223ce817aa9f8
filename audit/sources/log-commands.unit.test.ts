import { describe, expect, it } from 'vitest';
import type {
  AuditedAuctionRead,
  BidDecisionRead,
  CommandDecisionRead,
} from '../../processors/decision-log.js';
import { NotAuditable } from '../errors.js';
import { commandsFromLog } from './log-commands.js';

const T0 = Date.UTC(2026, 11, 7, 12);
const auction: AuditedAuctionRead = {
  auction_id: 'a1',
  partition: 2,
  commands_topic: 'auction.commands',
  status: 'closed',
  outcome: 'sold',
  winner_id: 'ann',
  final_price_cents: '1000',
  visible_price_cents: '1000',
  leader_id: 'ann',
  bid_count: 1,
  ends_at: new Date(T0 + 60_000),
};
const terms = {
  sellerId: 'seller',
  itemId: 'item',
  startingPriceCents: 1_000,
  reservePriceCents: 1_200,
  buyNowPriceCents: null,
  startsAt: T0,
  endsAt: T0 + 60_000,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
  incrementTable: null,
};
const command = (over: Partial<CommandDecisionRead>): CommandDecisionRead => ({
  command_id: 'c1',
  auction_id: 'a1',
  command_type: 'CreateAuction',
  accepted: true,
  reason: null,
  detail: null,
  command_offset: '7',
  issued_by: 'seller',
  issued_at: new Date(T0),
  terms,
  ...over,
});
const bid = (over: Partial<BidDecisionRead>): BidDecisionRead => ({
  bid_id: 'b1',
  auction_id: 'a1',
  bidder_id: 'ann',
  kind: 'bid',
  max_amount_cents: '1500',
  accepted: true,
  reason: null,
  visible_price_cents: '1000',
  is_leading: true,
  placed_at: new Date(T0 + 1_000),
  command_offset: '9',
  ...over,
});

describe('the decision log as commands', () => {
  it('puts every command in log order (by offset, whatever its table) with what it carried', () => {
    const { commands, notes } = commandsFromLog({
      auction,
      // Rows come in key order, not log order.
      bids: [
        bid({
          bid_id: 'b2',
          bidder_id: 'bob',
          kind: 'buy_now',
          max_amount_cents: null,
          command_offset: '10',
        }),
        bid({}),
      ],
      commands: [
        command({
          command_id: 'k1',
          command_type: 'CloseAuction',
          command_offset: '11',
          issued_by: 'system',
          issued_at: new Date(T0 + 60_300),
          terms: null,
        }),
        command({}),
      ],
    });
    expect(notes).toEqual([]);
    expect(commands).toEqual([
      {
        kind: 'create',
        offset: '7',
        at: T0,
        commandId: 'c1',
        terms: {
          ...terms,
          reservePriceCents: 1_200,
          buyNowPriceCents: undefined,
          incrementTable: undefined,
        },
      },
      { kind: 'bid', offset: '9', at: T0 + 1_000, bidId: 'b1', bidderId: 'ann', maxCents: 1_500 },
      { kind: 'buyNow', offset: '10', at: T0 + 1_000, bidId: 'b2', buyerId: 'bob' },
      { kind: 'close', offset: '11', at: T0 + 60_300, commandId: 'k1' },
    ]);
  });

  it('cannot audit an auction whose create was decided before the log kept terms', () => {
    expect(() =>
      commandsFromLog({ auction, bids: [], commands: [command({ terms: null })] }),
    ).toThrow(NotAuditable);
    expect(() => commandsFromLog({ auction, bids: [], commands: [] })).toThrow(
      /no accepted create/,
    );
  });
});
