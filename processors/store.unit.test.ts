/**
 * commitBatch through a fake client that records each statement: one transaction around one
 * processor_commit_group call for every partition of the group, the statement timeout set inside it, the decided ids notified in chunks
 * under pg_notify's limit, and Postgres's fencing and one-open-item errors turned into typed ones.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  commitBatch,
  ItemAlreadyOpenError,
  PartitionFencedError,
  type BatchWrite,
} from './store.js';
import type { BidDecisionRow } from './tables.js';

function fakeClient(failure?: Error) {
  const statements: { text: string; values?: unknown[] }[] = [];
  const client = {
    query(arg: string | { name: string; text: string; values: unknown[] }) {
      if (typeof arg === 'string') {
        statements.push({ text: arg });
        return Promise.resolve({ rows: [] });
      }
      statements.push({ text: arg.text, values: arg.values });
      return failure ? Promise.reject(failure) : Promise.resolve({ rows: [] });
    },
  } as unknown as pg.PoolClient;
  return { client, statements };
}

const decision = (bidId: string): BidDecisionRow => ({
  bid_id: bidId,
  auction_id: 'a',
  bidder_id: 'alice',
  kind: 'bid',
  max_amount_cents: 100,
  accepted: true,
  reason: null,
  visible_price_cents: 100,
  is_leading: true,
  placed_at: '2030-01-01T00:00:00.000Z',
  command_offset: '4',
});

const batch = (overrides: Partial<BatchWrite> = {}): BatchWrite => ({
  topic: 'auction.commands',
  partitions: [{ partition: 3, expectedOffset: '10', nextOffset: '12' }],
  auctions: [],
  bidDecisions: [decision('b1')],
  commandDecisions: [
    {
      command_id: 'c1',
      auction_id: 'a',
      command_type: 'CancelAuction',
      accepted: true,
      reason: null,
      detail: null,
      command_offset: '2',
      issued_by: 'seller-1',
      issued_at: '2030-01-01T09:59:00.000Z',
      terms: null,
    },
  ],
  events: [],
  ...overrides,
});

const withCode = (message: string, fields: Record<string, string>) =>
  Object.assign(new Error(message), fields);

describe('commitBatch', () => {
  it('runs one processor_commit_group call between BEGIN and COMMIT, notifying the decided ids', async () => {
    const { client, statements } = fakeClient();
    await commitBatch(
      client,
      batch({
        partitions: [
          { partition: 3, expectedOffset: '10', nextOffset: '12' },
          { partition: 5, expectedOffset: null, nextOffset: '1' },
        ],
      }),
    );
    expect(statements).toEqual([
      { text: 'BEGIN' },
      {
        text: 'SELECT processor_commit_group($1, $2, $3, $4, $5, $6, $7, $8)',
        values: [
          'auction.commands',
          JSON.stringify([
            { partition: 3, expected_offset: '10', next_offset: '12' },
            { partition: 5, expected_offset: null, next_offset: '1' },
          ]),
          '[]',
          JSON.stringify([decision('b1')]),
          expect.stringContaining('"command_id":"c1"') as string,
          '[]',
          'auction_decisions',
          ['b1,c1'],
        ],
      },
      { text: 'COMMIT' },
    ]);
  });

  it('sets the statement timeout inside the transaction, in whole milliseconds', async () => {
    const { client, statements } = fakeClient();
    await commitBatch(client, batch({ statementTimeoutMs: 2500.4 }));
    expect(statements[0]).toEqual({ text: 'BEGIN; SET LOCAL statement_timeout = 2500' });
  });

  it('splits the notified ids into comma-joined chunks that each fit pg_notify (under 8000 bytes)', async () => {
    const { client, statements } = fakeClient();
    // 36-character ids: 213 fit in 7,900 characters with their commas, so 500 need 3 chunks.
    const ids = Array.from({ length: 500 }, (_, i) => `bid-${String(i).padStart(32, '0')}`);
    await commitBatch(client, batch({ bidDecisions: ids.map(decision), commandDecisions: [] }));
    const chunks = statements[1]!.values![7] as string[];
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.length <= 7900)).toBe(true);
    expect(chunks.join(',').split(',')).toEqual(ids);
  });

  it('notifies nothing when nothing was decided', async () => {
    const { client, statements } = fakeClient();
    await commitBatch(client, batch({ bidDecisions: [], commandDecisions: [] }));
    expect(statements[1]!.values![7]).toEqual([]);
  });

  it('rolls back and raises a retriable PartitionFencedError when another owner moved the offset', async () => {
    const { client, statements } = fakeClient(withCode('fenced', { code: 'AU409' }));
    const error = await commitBatch(client, batch()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartitionFencedError);
    expect((error as PartitionFencedError).retriable).toBe(true);
    expect((error as Error).message).toBe(
      'partition 3 of auction.commands was advanced by another owner',
    );
    expect(statements.at(-1)).toEqual({ text: 'ROLLBACK' });
  });

  it('names every partition of a fenced group: one of them was advanced', async () => {
    const { client } = fakeClient(withCode('fenced', { code: 'AU409' }));
    const group = batch({
      partitions: [
        { partition: 3, expectedOffset: '10', nextOffset: '12' },
        { partition: 7, expectedOffset: '4', nextOffset: '9' },
      ],
    });
    await expect(commitBatch(client, group)).rejects.toThrow(
      'one of partitions 3, 7 of auction.commands was advanced by another owner',
    );
  });

  it.each(['auctions_one_open_per_seller_item', 'auctions_one_open_per_item'])(
    'turns a violation of %s into ItemAlreadyOpenError',
    async (constraint) => {
      const { client } = fakeClient(withCode('duplicate key', { code: '23505', constraint }));
      await expect(commitBatch(client, batch())).rejects.toBeInstanceOf(ItemAlreadyOpenError);
    },
  );

  it('passes any other failure on as it is, after the rollback', async () => {
    const original = withCode('value too long', { code: '22001' });
    const { client, statements } = fakeClient(original);
    await expect(commitBatch(client, batch())).rejects.toBe(original);
    expect(statements.at(-1)).toEqual({ text: 'ROLLBACK' });
  });
});
