/**
 * The processor's Postgres side. Reads what a partition owner needs, and writes one batch of
 * decisions, its outbox rows and the partition's next offset in ONE transaction.
 */
import type pg from 'pg';
import { NOTIFY_CHANNEL } from '../contracts/names.js';
import { AppError } from '../platform/errors.js';
import type { AuctionState } from './domain/index.js';
import type {
  AuctionRead,
  AuctionRow,
  BidDecisionRow,
  CommandDecisionRow,
  EventRow,
} from './tables.js';

export interface StoredAuction {
  readonly state: AuctionState;
  readonly lastSequence: number;
}

/** One partition's move in a commit: from the offset it was decided from to the next one. */
export interface PartitionAdvance {
  readonly partition: number;
  /** The stored next offset this part starts from (null: none stored yet). Fences zombies. */
  readonly expectedOffset: string | null;
  readonly nextOffset: string;
}

/** What one commit writes: the parts of one or more partitions, decided from one fetch. */
export interface BatchWrite {
  readonly topic: string;
  readonly partitions: readonly PartitionAdvance[];
  readonly auctions: readonly AuctionRow[];
  readonly bidDecisions: readonly BidDecisionRow[];
  readonly commandDecisions: readonly CommandDecisionRow[];
  readonly events: readonly EventRow[];
  /**
   * Longest any statement may run or wait for a lock: a commit that hangs would hold kafkajs's
   * fetch loop, and so every other partition this process owns.
   */
  readonly statementTimeoutMs?: number;
}

/** Another owner moved this partition's offset: this process no longer owns it. */
export class PartitionFencedError extends AppError {
  override readonly name = 'PartitionFencedError';
  readonly code = 'partition_fenced';
  readonly retriable = true;
}

/** One seller's two auctions for one item were opened at once in different partitions. */
export class ItemAlreadyOpenError extends AppError {
  override readonly name = 'ItemAlreadyOpenError';
  readonly code = 'item_already_open';
  readonly retriable = true;
}

export async function loadNextOffset(
  db: pg.Pool,
  topic: string,
  partition: number,
): Promise<string | null> {
  const { rows } = await db.query<{ next_offset: string }>(
    'SELECT next_offset FROM processor_offsets WHERE topic = $1 AND partition = $2',
    [topic, partition],
  );
  return rows[0]?.next_offset ?? null;
}

export async function loadAuctions(
  db: pg.Pool,
  auctionIds: readonly string[],
): Promise<Map<string, StoredAuction>> {
  if (auctionIds.length === 0) return new Map();
  const { rows } = await db.query<
    Pick<AuctionRead, 'auction_id' | 'last_sequence'> & { state: AuctionState }
  >('SELECT auction_id, state, last_sequence FROM auctions WHERE auction_id = ANY($1)', [
    auctionIds,
  ]);
  return new Map(
    rows.map((r) => [r.auction_id, { state: r.state, lastSequence: Number(r.last_sequence) }]),
  );
}

export interface SellerItem {
  readonly sellerId: string;
  readonly itemId: string;
}

/** The (seller, item) pairs among `items` that already have an open auction, as `keyOf` names them. */
export async function itemsWithOpenAuctions(
  db: pg.Pool,
  items: readonly SellerItem[],
  keyOf: (sellerId: string, itemId: string) => string,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const { rows } = await db.query<{ seller_id: string; item_id: string }>(
    `SELECT a.seller_id, a.item_id FROM auctions a
     JOIN unnest($1::text[], $2::text[]) AS wanted(seller_id, item_id)
       ON a.seller_id = wanted.seller_id AND a.item_id = wanted.item_id
     WHERE a.status = 'open'`,
    [items.map((i) => i.sellerId), items.map((i) => i.itemId)],
  );
  return new Set(rows.map((r) => keyOf(r.seller_id, r.item_id)));
}

/** Earlier decisions of repeated bids, by bid id. */
export async function loadBidDecisions(
  db: pg.Pool,
  bidIds: readonly string[],
): Promise<Set<string>> {
  if (bidIds.length === 0) return new Set();
  const { rows } = await db.query<{ bid_id: string }>(
    'SELECT bid_id FROM bid_decisions WHERE bid_id = ANY($1)',
    [bidIds],
  );
  return new Set(rows.map((r) => r.bid_id));
}

/** Open auctions of a partition whose end is due, for the close scheduler after a restart. */
export async function openAuctionsOf(
  db: pg.Pool,
  topic: string,
  partition: number,
): Promise<{ auctionId: string; endsAt: number }[]> {
  // Only this topic's: a processor of another commands topic on the same database (a second
  // deployment, a test) must not close them through its own log. Rows from before migration
  // 0007 have no topic and stay everyone's, as they were.
  const { rows } = await db.query<{ auction_id: string; ends_at: Date }>(
    `SELECT auction_id, ends_at FROM auctions
     WHERE partition = $2 AND status = 'open' AND (commands_topic = $1 OR commands_topic IS NULL)`,
    [topic, partition],
  );
  return rows.map((r) => ({ auctionId: r.auction_id, endsAt: r.ends_at.getTime() }));
}

/** The unique index behind "one open auction per seller and item" (migration 0006), and its predecessor. */
const ONE_OPEN_PER_SELLER_ITEM = new Set([
  'auctions_one_open_per_seller_item',
  'auctions_one_open_per_item',
]);

/**
 * One group's whole write, as one call of the `processor_commit_group` function (migration
 * 0011): the offset fences, the auctions, the decisions, the outbox rows and their history, and
 * the notification. One round trip instead of nine; named, so node-postgres prepares it once
 * per connection.
 */
const PROCESSOR_COMMIT_GROUP = {
  name: 'processor-commit-group',
  text: 'SELECT processor_commit_group($1, $2, $3, $4, $5, $6, $7, $8)',
};

/** The SQLSTATE `processor_commit` raises when another owner advanced the partition's offset. */
const FENCED = 'AU409';

/** Writes one group atomically; decisions become visible (and notified) only on commit. */
export async function commitBatch(client: pg.PoolClient, batch: BatchWrite) {
  // One round trip: the timeout must be set before the call it bounds.
  await client.query(
    batch.statementTimeoutMs === undefined
      ? 'BEGIN'
      : `BEGIN; SET LOCAL statement_timeout = ${Math.max(1, Math.round(batch.statementTimeoutMs))}`,
  );
  try {
    await client.query({
      ...PROCESSOR_COMMIT_GROUP,
      values: [
        batch.topic,
        JSON.stringify(
          batch.partitions.map((p) => ({
            partition: p.partition,
            expected_offset: p.expectedOffset,
            next_offset: p.nextOffset,
          })),
        ),
        JSON.stringify(batch.auctions),
        JSON.stringify(batch.bidDecisions),
        JSON.stringify(batch.commandDecisions),
        JSON.stringify(batch.events),
        NOTIFY_CHANNEL,
        notifyChunks([
          ...batch.bidDecisions.map((d) => d.bid_id),
          ...batch.commandDecisions.map((d) => d.command_id),
        ]),
      ],
    });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: unknown }).code === FENCED) {
      const numbers = batch.partitions.map((p) => p.partition);
      const which =
        numbers.length === 1
          ? `partition ${numbers[0]}`
          : `one of partitions ${numbers.join(', ')}`;
      throw new PartitionFencedError(`${which} of ${batch.topic} was advanced by another owner`, {
        cause: error,
      });
    }
    if (ONE_OPEN_PER_SELLER_ITEM.has(String((error as { constraint?: unknown }).constraint))) {
      throw new ItemAlreadyOpenError(
        "another of the seller's auctions for the same item opened concurrently",
        { cause: error },
      );
    }
    throw error;
  }
}

/** pg_notify payloads are limited to 8000 bytes: split the ids into comma-joined chunks. */
function notifyChunks(ids: readonly string[], limit = 7900): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const id of ids) {
    if (current.length + id.length + 1 > limit) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current},${id}` : id;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** The next offset the processors stored for each partition of `topic` that has one. */
export async function loadStoredOffsets(
  db: Pick<pg.Pool, 'query'>,
  topic: string,
): Promise<Map<number, string>> {
  const { rows } = await db.query<{ partition: number; next_offset: string }>(
    'SELECT partition, next_offset FROM processor_offsets WHERE topic = $1',
    [topic],
  );
  return new Map(rows.map((r) => [r.partition, r.next_offset]));
}
