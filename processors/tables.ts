/**
 * The processor's tables, one row type each (migrations 0003, 0007, 0012, 0014): the JSON the group
 * commit hands `processor_commit_group`, whose keys are the columns (migration 0013 reads them
 * with `jsonb_populate_recordset`, so a column is named here and in its migration only).
 * Columns Postgres fills itself (`created_at`, `updated_at`, `decided_at`, `occurred_at`, and
 * `commands_topic` from the commit's topic) are not written. A leaf: it imports only contracts/.
 */
import type { CloseOutcome, EventRecord, EventType } from '../contracts/events.js';

/** An auction as stored; `scheduled` is not stored (an open auction whose start is ahead). */
export type AuctionStatus = 'open' | 'closed' | 'cancelled';

export type BidKind = 'bid' | 'buy_now';

/** ISO 8601 as written; node-postgres reads a timestamptz back as a Date. */
type Timestamp = string;

/** `auctions`: the columns the API reads, and the whole domain state a new owner loads. */
export interface AuctionRow {
  readonly auction_id: string;
  readonly partition: number;
  readonly item_id: string;
  readonly seller_id: string;
  readonly title: string;
  readonly external_ref: string | null;
  readonly status: AuctionStatus;
  readonly visible_price_cents: number;
  readonly leader_id: string | null;
  readonly bid_count: number;
  readonly has_reserve: boolean;
  readonly reserve_met: boolean;
  readonly starts_at: Timestamp;
  readonly ends_at: Timestamp;
  readonly outcome: CloseOutcome | null;
  readonly winner_id: string | null;
  readonly final_price_cents: number | null;
  readonly last_sequence: number;
  /** The domain's AuctionState (processors/domain), with the hidden maxima and reserve. */
  readonly state: unknown;
}

/** `bid_decisions`: every decided bid or buy-now. */
export interface BidDecisionRow {
  readonly bid_id: string;
  readonly auction_id: string;
  readonly bidder_id: string;
  readonly kind: BidKind;
  /** The bidder's maximum (null for buy-now): never shown to anyone else. */
  readonly max_amount_cents: number | null;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly visible_price_cents: number;
  readonly is_leading: boolean;
  readonly placed_at: Timestamp;
  /** The command's offset in its partition of the commands topic (the log order an audit replays). */
  readonly command_offset: string | null;
}

/**
 * `command_decisions`: decisions on the other commands (create, cancel, close). A close that
 * found nothing to do (early, or the auction already settled) is kept as not accepted, no reason.
 */
export interface CommandDecisionRow {
  readonly command_id: string;
  readonly auction_id: string;
  readonly command_type: string;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly detail: string | null;
  /** Its offset in its partition of the commands topic. */
  readonly command_offset: string | null;
  /** Who asked (a seller, or `system` for the close timer) and when, as the command was stamped. */
  readonly issued_by: string;
  readonly issued_at: Timestamp;
  /** CreateAuction only: the terms as the command carried them, for an audit to re-derive from. */
  readonly terms: AuctionTerms | null;
}

/** A create's terms as `command_decisions.terms` keeps them: cents, and times in epoch ms. */
export interface AuctionTerms {
  readonly sellerId: string;
  readonly itemId: string;
  readonly startingPriceCents: number;
  readonly reservePriceCents: number | null;
  readonly buyNowPriceCents: number | null;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  readonly incrementTable: readonly { fromCents: number; incrementCents: number }[] | null;
}

/**
 * `auction_events`: the history the live feed reads, and the outbox Debezium publishes from
 * (migration 0012), routed by `aggregatetype`.
 */
export interface EventRow {
  readonly event_id: string;
  readonly aggregatetype: string;
  readonly auction_id: string;
  /** Its place in the auction's history; null for an event of an auction that does not exist. */
  readonly sequence: number | null;
  readonly type: EventType;
  /** The published JSON record, checked against its schema when it was built. */
  readonly payload: EventRecord;
}

/**
 * A row as node-postgres reads it back: a bigint column as a string (an int8 may not fit a
 * number), a timestamptz as a Date. `Bigints` and `Times` name those columns.
 */
export type AsRead<Row, Bigints extends keyof Row = never, Times extends keyof Row = never> = {
  readonly [K in keyof Row]: K extends Bigints
    ? OrNull<Row[K], string>
    : K extends Times
      ? OrNull<Row[K], Date>
      : Row[K];
};

type OrNull<Column, T> = null extends Column ? T | null : T;

export type AuctionRead = AsRead<
  AuctionRow,
  'visible_price_cents' | 'final_price_cents' | 'last_sequence',
  'starts_at' | 'ends_at'
>;

export type BidDecisionRead = AsRead<
  BidDecisionRow,
  'max_amount_cents' | 'visible_price_cents' | 'command_offset',
  'placed_at'
>;

export type CommandDecisionRead = AsRead<CommandDecisionRow, 'command_offset', 'issued_at'>;

export type EventRead = AsRead<EventRow, 'sequence'>;
