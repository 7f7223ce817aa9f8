/**
 * The web page in a real browser: sign in, open an auction, bid, watch the price move, and see
 * the outbid notification pushed when someone else outbids you. Saves a screenshot.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../stack/prerequisites.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { client } from './http.js';
import { startPipeline, type Pipeline } from './services.js';
import { uniqueName } from './support.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results');
let pipeline: Pipeline;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const executablePath = ensureChromium((line) => console.log(line));
  pipeline = await startPipeline({ sinks: true });
  browser = await chromium.launch({
    executablePath,
    // As root in a closed network: no sandbox, no GPU, and no calls home.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pipeline?.stop();
});

describe('the web page', () => {
  it('places a bid, shows the new price, and pushes the outbid notification', async () => {
    const call = client(pipeline.gatewayUrl);
    const created = await call('POST', '/auctions?wait=15000', {
      user: 'web-seller',
      json: {
        itemId: uniqueName('item'),
        title: 'Cartier wristwatch',
        startingPrice: '99.00',
        durationSeconds: 900,
      },
    });
    const auctionId = String(created.body.auctionId);

    await page.goto(pipeline.gatewayUrl);
    await page.fill('#user', 'alice-web');
    await page.click('#login button');
    await page.waitForSelector('#who:not([hidden])');
    await page.waitForSelector(`#auctions a[href="#/auction/${auctionId}"]`);
    await page.click(`#auctions a[href="#/auction/${auctionId}"]`);
    await expect.poll(() => page.textContent('#price')).toBe('99.00');

    await page.fill('#max', '150');
    await page.click('#bid-form button');
    await expect.poll(() => page.textContent('#decision')).toContain('you lead at 99.00');

    // Someone else outbids alice: the price moves on her page, and she is told.
    await call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
      user: 'bob-web',
      json: { maxAmount: '200' },
      headers: { 'idempotency-key': 'b1' },
    });
    await expect.poll(() => page.textContent('#price')).toBe('152.50');
    await expect
      .poll(() => page.textContent('#notifications li.outbid'))
      .toContain('outbid on Cartier wristwatch: now 152.50');
    await expect.poll(() => page.textContent('#leader')).toBe('bob-web');

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-page.png'), fullPage: true });
  });
});
