/** The decision log's rows of one auction as the stored side of an audit. Pure. */
import type {
  AuditedAuctionRead,
  BidDecisionRead,
  CommandDecisionRead,
} from '../processors/decision-log.js';
import type { StoredDecision, StoredRecord } from './record.js';

/** One auction's rows, as read from the decision log. */
export interface LoggedAuction {
  readonly auction: AuditedAuctionRead;
  readonly bids: readonly BidDecisionRead[];
  readonly commands: readonly CommandDecisionRead[];
}

/** The create whose decision the auction came from (its first accepted one). */
export const acceptedCreate = (log: LoggedAuction) =>
  log.commands.find((c) => c.command_type === 'CreateAuction' && c.accepted);

export function storedRecord({ auction, bids, commands }: LoggedAuction): StoredRecord {
  const cents = (value: string | null) => (value === null ? null : Number(value));
  return {
    auction: {
      auctionId: auction.auction_id,
      partition: auction.partition,
      commandsTopic: auction.commands_topic,
      status: auction.status,
      outcome: auction.outcome,
      winnerId: auction.winner_id,
      finalPriceCents: cents(auction.final_price_cents),
      visiblePriceCents: Number(auction.visible_price_cents),
      leaderId: auction.leader_id,
      bidCount: auction.bid_count,
      endsAt: auction.ends_at.getTime(),
    },
    bids: new Map(
      bids.map((b): [string, StoredDecision] => [
        b.bid_id,
        {
          accepted: b.accepted,
          reason: b.reason,
          visiblePriceCents: Number(b.visible_price_cents),
          leading: b.is_leading,
        },
      ]),
    ),
    commands: new Map(
      commands.map((c): [string, StoredDecision] => [
        c.command_id,
        { accepted: c.accepted, reason: c.reason },
      ]),
    ),
    // A create decided after migration 0014 keeps its terms; so does every close since then.
    closesRecorded: acceptedCreate({ auction, bids, commands })?.terms != null,
  };
}
