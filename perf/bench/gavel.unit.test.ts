import { describe, expect, it } from 'vitest';
import { bestTps, gavelScript, parseTps } from './gavel.js';

describe('the Gavel-style pgbench baseline', () => {
  it('locks, inserts the bid, updates the auction and writes the outbox in one transaction', () => {
    const lines = gavelScript(100).split('\n');
    expect(lines.slice(2, 8)).toEqual([
      'BEGIN;',
      'SELECT price, leader FROM gavel_auction WHERE id = :auction FOR UPDATE;',
      'INSERT INTO gavel_bid (auction_id, bidder, amount) VALUES (:auction, :bidder, 100);',
      'UPDATE gavel_auction SET price = price + 1, leader = :bidder WHERE id = :auction;',
      `INSERT INTO gavel_outbox (aggregate_id, payload) VALUES (:auction, '{"type": "BidAccepted"}');`,
      'COMMIT;',
    ]);
  });

  it('picks one auction for the hot script and any of 100 for the spread one', () => {
    expect(gavelScript(1)).toContain('\\set auction 1\n');
    expect(gavelScript(100)).toContain('\\set auction random(1, 100)\n');
  });

  it('reads pgbench’s tps and the best run', () => {
    expect(
      parseTps('latency average = 5.5 ms\ntps = 1446.123456 (without initial connection time)\n'),
    ).toBe(1446.123456);
    expect(parseTps('connection refused')).toBeNaN();
    expect(
      bestTps([
        { clients: 1, tps: 1258 },
        { clients: 8, tps: 1446 },
        { clients: 32, tps: Number.NaN },
      ]),
    ).toBe(1446);
    expect(bestTps([])).toBeNaN();
  });
});
