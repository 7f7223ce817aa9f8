/** The eBay bid histories replayed end to end through the HTTP API. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay, summaryTable, type ReplayReport } from '../loadtest/replay.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { startPipeline, type Pipeline } from './services.js';

const EBAY = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv');
let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await startPipeline({ partitions: 12 });
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

describe('replaying ../shared/data/ebay-auctions.csv', () => {
  it('closes every auction, and most closing prices match what eBay recorded', async () => {
    const reportFile = path.join(await mkdtemp(path.join(tmpdir(), 'replay-')), 'report.json');
    const report = await replay(
      {
        file: EBAY,
        // 15 s per auction day: about 100 bids/s on average with the closing bursts on top, well
        // inside what the HTTP path takes on this machine, so no recorded bid arrives late.
        daySeconds: 15,
        staggerSeconds: 15,
        // Generous: on a busy machine a burst of closing bids can queue for seconds, and a bid
        // recorded before the end must not be cut off by that.
        marginSeconds: 10,
        report: reportFile,
        gateway: pipeline.gatewayUrl,
      },
      () => undefined,
    );
    console.log(summaryTable(report));

    expect(report.auctions).toBe(628);
    expect(report.bidsSent).toBe(10_681);
    expect(report.closed).toBe(628);
    // The file records no reserve or Buy It Now prices, so a few cannot match (about 6 %).
    expect(report.matched / report.auctions).toBeGreaterThan(0.9);

    const written = JSON.parse(await readFile(reportFile, 'utf8')) as ReplayReport;
    expect(written.outcomes).toHaveLength(628);
    for (const outcome of written.outcomes) {
      expect(outcome.auctionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(outcome.matches).toBe(outcome.finalPrice === outcome.recordedPrice);
    }
  }, 300_000);
});
